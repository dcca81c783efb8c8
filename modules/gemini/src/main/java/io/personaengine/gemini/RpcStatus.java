package io.personaengine.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import io.personaengine.gemini.api.GeminiJson;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What an error body says, read leniently: the Google RPC status with its {@code details}
 * ({@code RetryInfo}, {@code QuotaFailure}, {@code ErrorInfo}), or an excerpt of whatever else came
 * back (an HTML page from a proxy, an empty body).
 *
 * @param message the server's message or a body excerpt, whitespace collapsed and truncated
 */
record RpcStatus(
        @Nullable String status,
        String message,
        @Nullable String reason,
        @Nullable Duration retryDelay,
        boolean dailyQuota) {

    static final int MAX_MESSAGE_CHARS = 200;
    private static final Pattern PROTO_DURATION = Pattern.compile("(\\d{1,12})(\\.\\d{1,9})?s");
    private static final Pattern TAG = Pattern.compile("<[^>]*>");

    static RpcStatus parse(byte[] body) {
        JsonNode error = errorNode(body);
        if (error == null) {
            return new RpcStatus(null, excerpt(body), null, null, false);
        }
        String reason = null;
        Duration retryDelay = null;
        boolean daily = false;
        for (JsonNode detail : error.path("details")) {
            String type = detail.path("@type").asText("");
            if (type.endsWith("google.rpc.RetryInfo")) {
                retryDelay = parseDuration(detail.path("retryDelay").asText("")).orElse(null);
            } else if (type.endsWith("google.rpc.QuotaFailure")) {
                for (JsonNode violation : detail.path("violations")) {
                    daily |= violation.path("quotaId").asText("").contains("PerDay");
                }
            } else if (type.endsWith("google.rpc.ErrorInfo")) {
                reason = textOrNull(detail.path("reason"));
                // the 2024-era rate-limit shape names the quota in ErrorInfo metadata instead
                daily |= detail.path("metadata").path("quota_limit").asText("").contains("PerDay");
            }
        }
        String message = shorten(error.path("message").asText(""));
        return new RpcStatus(textOrNull(error.path("status")), message, reason, retryDelay, daily);
    }

    /** Parses a protobuf JSON duration such as {@code "26s"} or {@code "1.5s"}. */
    static Optional<Duration> parseDuration(String text) {
        Matcher matcher = PROTO_DURATION.matcher(text.trim());
        if (!matcher.matches()) {
            return Optional.empty();
        }
        BigDecimal seconds = new BigDecimal(matcher.group(1) + (matcher.group(2) == null ? "" : matcher.group(2)));
        return Optional.of(Duration.ofNanos(seconds.movePointRight(9).longValueExact()));
    }

    /** Whitespace collapsed, tags removed, cut to {@link #MAX_MESSAGE_CHARS}. */
    static String shorten(String text) {
        String plain = TAG.matcher(text).replaceAll(" ").replaceAll("\\s+", " ").trim();
        return plain.length() <= MAX_MESSAGE_CHARS ? plain : plain.substring(0, MAX_MESSAGE_CHARS) + "…";
    }

    private static @Nullable JsonNode errorNode(byte[] body) {
        try {
            JsonNode root = GeminiJson.readTree(body);
            if (root != null && root.isArray() && root.size() > 0) {
                root = root.get(0); // the non-SSE streaming endpoint wraps errors in an array
            }
            JsonNode error = root == null ? null : root.get("error");
            return error != null && error.isObject() ? error : null;
        } catch (IOException notJson) {
            return null;
        }
    }

    private static String excerpt(byte[] body) {
        String text = shorten(new String(body, StandardCharsets.UTF_8));
        return text.isEmpty() ? "(empty body)" : "unexpected body: " + text;
    }

    private static @Nullable String textOrNull(JsonNode node) {
        return node.isTextual() && !node.asText().isBlank() ? node.asText() : null;
    }
}
