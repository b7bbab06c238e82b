package io.wattshift.miners.sim;

import io.wattshift.miners.MinerCredentials;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds LuxOS-dialect replies (STATUS array, command sections) for a simulated miner. Status codes follow the
 * LuxOS documentation where it gives them (316 session created, 335 curtailment command sent). Thread-safe.
 */
final class LuxosResponder {

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final String DESCRIPTION = "LUXminer wattshift-sim";

    private final MinerCredentials credentials;
    private final java.util.concurrent.atomic.AtomicLong curtailCommands = new java.util.concurrent.atomic.AtomicLong();

    LuxosResponder(MinerCredentials credentials) {
        this.credentials = credentials;
    }

    /** Whether the bytes so far hold one complete JSON object (braces balanced outside strings). */
    static boolean isComplete(String text) {
        int depth = 0;
        boolean inString = false;
        boolean started = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') i++;
                else if (c == '"') inString = false;
            } else if (c == '"') {
                inString = true;
            } else if (c == '{') {
                depth++;
                started = true;
            } else if (c == '}') {
                depth--;
                if (started && depth == 0) return true;
            } else if (c == 0 && started) {
                return true;
            }
        }
        return false;
    }

    /** Curtail commands accepted across the fleet. */
    long curtailCommands() {
        return curtailCommands.get();
    }

    String respond(SimulatedMiner miner, String requestText, boolean refuseLogon) {
        JsonNode req;
        try {
            req = JSON.readTree(requestText);
        } catch (JacksonException e) {
            return error(14, "Invalid JSON").toString();
        }
        String command = req.path("command").asString("");
        String parameter = req.path("parameter").asString("");
        if (command.contains("+")) {
            ObjectNode multi = JSON.createObjectNode();
            for (String c : command.split("\\+")) multi.putArray(c).add(single(miner, c, "", refuseLogon));
            return multi.toString();
        }
        return single(miner, command, parameter, refuseLogon).toString();
    }

    private ObjectNode single(SimulatedMiner miner, String command, String parameter, boolean refuseLogon) {
        return switch (command) {
            case "logon" -> logon(miner, parameter, refuseLogon);
            case "session" -> {
                ObjectNode r = ok(317, "Session");
                r.putArray("SESSION").addObject().put("SessionID", miner.currentSession());
                yield r;
            }
            case "logoff" -> {
                if (!miner.logoff(parameter)) yield error(314, "Invalid session id");
                yield ok(318, "Session closed");
            }
            case "curtail" -> curtail(miner, parameter);
            case "power" -> {
                ObjectNode r = ok(0, "Power");
                r.putArray("POWER").addObject().put("PSU", true).put("Watts", Math.round(miner.watts()));
                yield r;
            }
            case "summary" -> {
                ObjectNode r = ok(11, "Summary");
                r.putArray("SUMMARY").addObject().put("GHS 5s", miner.terahashPerSecond() * 1000.0)
                        .put("GHS av", miner.terahashPerSecond() * 1000.0);
                yield r;
            }
            default -> error(14, "Invalid command");
        };
    }

    private ObjectNode logon(SimulatedMiner miner, String parameter, boolean refuse) {
        boolean credentialsOk = credentials.isEmpty()
                || parameter.equals(credentials.username() + "," + credentials.password());
        if (refuse || !credentialsOk) return error(313, "Access denied");
        String sid = miner.logon();
        // LuxOS creates a session only "if there is no other session active"
        if (sid == null) return error(315, "Another session is active");
        ObjectNode r = ok(316, "Session created");
        r.putArray("SESSION").addObject().put("SessionID", sid);
        return r;
    }

    private ObjectNode curtail(SimulatedMiner miner, String parameter) {
        String[] p = parameter.split(",", -1);
        if (p.length != 2) return error(45, "Missing parameters: session_id,action");
        if (!miner.validSession(p[0])) return error(314, "Invalid session id");
        boolean wake;
        switch (p[1]) {
            case "sleep" -> wake = false;
            case "wakeup" -> wake = true;
            default -> {
                return error(45, "Invalid curtail action: " + p[1]);
            }
        }
        miner.setMining(wake);
        curtailCommands.incrementAndGet();
        ObjectNode r = ok(335, "Curtailment command sent");
        r.putArray("CURTAIL").addObject().put("Action", wake ? "wake up" : "sleep mode");
        return r;
    }

    private static ObjectNode ok(int code, String msg) {
        return status("S", code, msg);
    }

    private static ObjectNode error(int code, String msg) {
        return status("E", code, msg);
    }

    private static ObjectNode status(String s, int code, String msg) {
        ObjectNode r = JSON.createObjectNode();
        ArrayNode st = r.putArray("STATUS");
        st.addObject().put("STATUS", s).put("When", System.currentTimeMillis() / 1000).put("Code", code)
                .put("Msg", msg).put("Description", DESCRIPTION);
        r.put("id", 1);
        return r;
    }
}
