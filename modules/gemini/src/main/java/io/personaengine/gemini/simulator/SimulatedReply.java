package io.personaengine.gemini.simulator;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.personaengine.gemini.api.GeminiJson;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

/**
 * What the simulator sends back: a status and a JSON body in the real API's shapes, or a dropped
 * connection ({@link #DISCONNECT}).
 */
record SimulatedReply(int status, byte[] body) {

    /** Headers promise a body that never fully arrives; the connection is then closed. */
    static final SimulatedReply DISCONNECT = new SimulatedReply(0, new byte[0]);

    private static final String RPC = "type.googleapis.com/google.rpc.";

    SimulatedReply {
        requireNonNull(body, "body");
    }

    static SimulatedReply ok(Object body) {
        return new SimulatedReply(200, GeminiJson.write(body));
    }

    /** A Google RPC error: {@code {"error":{"code","message","status","details"}}}. */
    static SimulatedReply error(int code, String status, String message, JsonNode... details) {
        ObjectNode root = GeminiJson.objectNode();
        ObjectNode error = root.putObject("error").put("code", code).put("message", message).put("status", status);
        if (details.length > 0) {
            error.putArray("details").addAll(List.of(details));
        }
        return new SimulatedReply(code, GeminiJson.write(root));
    }

    /** A 429 like the real free tier's: QuotaFailure, Help and RetryInfo details. */
    static SimulatedReply rateLimited(String model, String quotaId, String quotaValue, Duration retryDelay) {
        ObjectNode quota = detail("QuotaFailure");
        ObjectNode violation = quota.putArray("violations").addObject()
                .put("quotaMetric", "generativelanguage.googleapis.com/generate_content_free_tier_requests")
                .put("quotaId", quotaId);
        violation.putObject("quotaDimensions").put("location", "global").put("model", model);
        violation.put("quotaValue", quotaValue);
        ObjectNode help = detail("Help");
        help.putArray("links").addObject()
                .put("description", "Learn more about Gemini API quotas")
                .put("url", "https://ai.google.dev/gemini-api/docs/rate-limits");
        ObjectNode retry = detail("RetryInfo").put("retryDelay", protoDuration(retryDelay));
        return error(429, "RESOURCE_EXHAUSTED",
                "You exceeded your current quota, please check your plan and billing details. For more "
                        + "information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.",
                quota, help, retry);
    }

    /** What the real API answers to a wrong key: 400, not 401. */
    static SimulatedReply apiKeyInvalid() {
        ObjectNode info = detail("ErrorInfo").put("reason", "API_KEY_INVALID").put("domain", "googleapis.com");
        info.putObject("metadata").put("service", "generativelanguage.googleapis.com");
        return error(400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.", info);
    }

    static SimulatedReply notFound(String message) {
        return error(404, "NOT_FOUND", message);
    }

    static SimulatedReply invalidArgument(String message) {
        return error(400, "INVALID_ARGUMENT", message);
    }

    /** Protobuf JSON form of a duration: {@code "26s"}, {@code "1.5s"}. */
    static String protoDuration(Duration duration) {
        return BigDecimal.valueOf(duration.toNanos(), 9).stripTrailingZeros().toPlainString() + "s";
    }

    private static ObjectNode detail(String type) {
        return GeminiJson.objectNode().put("@type", RPC + type);
    }
}
