package io.wattshift.miners.luxos;

import io.wattshift.miners.MinerError;
import io.wattshift.miners.MinerError.Kind;
import io.wattshift.miners.MinerException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The LuxOS dialect of the cgminer JSON API (docs.luxor.tech/firmware/api): a request is
 * {@code {"command":"<name>","parameter":"<comma separated values>"}}; a reply holds a {@code STATUS} array whose
 * first entry has {@code STATUS} ("S" success, "I" info, "W" warning, "E" error, "F" fatal), {@code Code} and
 * {@code Msg}, plus a section named after the command in upper case ({@code SESSION}, {@code CURTAIL},
 * {@code POWER}, {@code SUMMARY}). Parameterless commands can be joined with {@code +}; the reply then has one
 * lower-case member per command, each an array holding that command's reply. Stateless and thread-safe.
 */
final class LuxosProtocol {

    static final String LOGON = "logon";
    /** Returns the active session's id; used when a logon is refused because another session is active. */
    static final String SESSION = "session";
    static final String CURTAIL = "curtail";
    /** {@code power} and {@code summary} in one connection (both are parameterless). */
    static final String READ = "power+summary";

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private LuxosProtocol() {
    }

    static String request(String command, String parameter) {
        ObjectNode n = JSON.createObjectNode();
        n.put("command", command);
        if (parameter != null) n.put("parameter", parameter);
        return JSON.writeValueAsString(n);
    }

    /** Parses a reply, failing with MALFORMED_REPLY for anything that is not a JSON object. */
    static JsonNode parse(String reply) {
        JsonNode n;
        try {
            n = JSON.readTree(reply.strip());
        } catch (JacksonException e) {
            throw new MinerException(Kind.MALFORMED_REPLY, "not JSON: " + abbreviate(reply));
        }
        if (n == null || !n.isObject()) throw new MinerException(Kind.MALFORMED_REPLY, "not a JSON object: " + abbreviate(reply));
        return n;
    }

    /**
     * Checks a single command's reply: returns it when its STATUS is S/I/W, throws {@code rejectKind} with the
     * miner's message when it is E/F, MALFORMED_REPLY when there is no STATUS.
     */
    static JsonNode requireSuccess(JsonNode reply, Kind rejectKind) {
        JsonNode status = reply.path("STATUS").path(0);
        String s = status.path("STATUS").asString("");
        switch (s) {
            case "S", "I", "W" -> {
                return reply;
            }
            case "E", "F" -> throw new MinerException(rejectKind,
                    "code " + status.path("Code").asInt(-1) + ": " + status.path("Msg").asString(""));
            default -> throw new MinerException(Kind.MALFORMED_REPLY, "reply without a STATUS: " + abbreviate(reply.toString()));
        }
    }

    /** The session id in a successful logon reply. */
    static String sessionId(JsonNode logonReply) {
        String sid = requireSuccess(logonReply, Kind.LOGON_REFUSED).path("SESSION").path(0).path("SessionID").asString("");
        if (sid.isEmpty() || sid.contains(",")) throw new MinerException(Kind.MALFORMED_REPLY, "logon reply without a usable SessionID");
        return sid;
    }

    /** Power in watts from a {@code power+summary} reply. */
    static double watts(JsonNode readReply) {
        JsonNode power = requireSuccess(sub(readReply, "power"), Kind.COMMAND_REJECTED).path("POWER").path(0).path("Watts");
        // a number too large for a double (1e999) reads as Infinity: no usable reading either
        if (!power.isNumber() || !Double.isFinite(power.asDouble()) || power.asDouble() < 0) {
            throw new MinerException(Kind.MALFORMED_REPLY, "POWER without Watts");
        }
        return power.asDouble();
    }

    /** Hashrate in TH/s from a {@code power+summary} reply ({@code GHS 5s} in GH/s). */
    static double terahashPerSecond(JsonNode readReply) {
        JsonNode ghs = requireSuccess(sub(readReply, "summary"), Kind.COMMAND_REJECTED).path("SUMMARY").path(0).path("GHS 5s");
        // cgminer reports GHS 5s as a number; some firmware sends it as a string
        double v = ghs.isNumber() ? ghs.asDouble() : parseOrNaN(ghs.asString(""));
        if (!Double.isFinite(v) || v < 0) throw new MinerException(Kind.MALFORMED_REPLY, "SUMMARY without GHS 5s");
        return v / 1000.0;
    }

    /** True when a command was rejected because its session id is not (or no longer) valid: a new logon may help. */
    static boolean isSessionError(MinerError e) {
        return e.kind() == Kind.COMMAND_REJECTED && e.detail().toLowerCase(java.util.Locale.ROOT).contains("session");
    }

    /** True when a logon was refused because another session is active (not for bad credentials). */
    static boolean isSessionActive(MinerError e) {
        return e.kind() == Kind.LOGON_REFUSED && e.detail().toLowerCase(java.util.Locale.ROOT).contains("session");
    }

    /** The session id in a {@code session} reply, failing with LOGON_REFUSED when none is active. */
    static String activeSessionId(JsonNode sessionReply) {
        String sid = requireSuccess(sessionReply, Kind.LOGON_REFUSED).path("SESSION").path(0).path("SessionID").asString("");
        if (sid.isEmpty() || sid.contains(",")) throw new MinerException(Kind.LOGON_REFUSED, "no active session to reuse");
        return sid;
    }

    private static JsonNode sub(JsonNode multi, String command) {
        JsonNode n = multi.path(command).path(0);
        if (!n.isObject()) throw new MinerException(Kind.MALFORMED_REPLY, "multi-command reply without '" + command + "'");
        return n;
    }

    private static double parseOrNaN(String s) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    static String abbreviate(String s) {
        String clean = s.replaceAll("\\p{Cntrl}", "?");
        return clean.length() <= 80 ? clean : clean.substring(0, 80) + "...";
    }
}
