package io.wattshift.testbed.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CPU time and memory of a process from Linux's {@code /proc/<pid>/stat} and {@code /proc/<pid>/status}.
 *
 * @param cpuSeconds user + system CPU time of the whole process so far
 * @param rssBytes   resident set size now
 * @param peakRssBytes the largest resident set size so far (VmHWM)
 */
record ProcessStats(double cpuSeconds, long rssBytes, long peakRssBytes) {
    /** USER_HZ: the unit of utime/stime; 100 on every Linux architecture the JVM runs on. */
    static final int CLOCK_TICKS_PER_SECOND = 100;

    static ProcessStats of(long pid) {
        try {
            return parse(Files.readString(Path.of("/proc", Long.toString(pid), "stat")),
                    Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc of process " + pid + " (has it exited?)", e);
        }
    }

    /** @param stat one line; the command name (field 2) may hold spaces and parentheses, so fields count from the last ')' */
    static ProcessStats parse(String stat, List<String> status) {
        String[] after = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        // after[0] is field 3 (state): utime is field 14, stime field 15
        long ticks = Long.parseLong(after[11]) + Long.parseLong(after[12]);
        return new ProcessStats(ticks / (double) CLOCK_TICKS_PER_SECOND, kib(status, "VmRSS:") * 1024,
                kib(status, "VmHWM:") * 1024);
    }

    private static long kib(List<String> status, String field) {
        return status.stream().filter(line -> line.startsWith(field)).findFirst()
                .map(line -> Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]))
                .orElseThrow(() -> new IllegalArgumentException("no " + field + " in /proc status"));
    }

    /** CPU used between {@code earlier} and this sample. */
    double cpuSince(ProcessStats earlier) {
        return cpuSeconds - earlier.cpuSeconds;
    }
}
