package io.wattshift.miners;

/** The two curtailment commands every supported firmware has. */
public enum CurtailAction {
    /** Stop hashing and switch off the hashboards (LuxOS {@code curtail sleep}, Braiins {@code PauseMining}). */
    SLEEP("sleep"),
    /** Resume hashing at the configured profile (LuxOS {@code curtail wakeup}, Braiins {@code ResumeMining}). */
    WAKEUP("wakeup");

    private final String luxosWord;

    CurtailAction(String luxosWord) {
        this.luxosWord = luxosWord;
    }

    /** The action word of the LuxOS {@code curtail} command. */
    public String luxosWord() {
        return luxosWord;
    }
}
