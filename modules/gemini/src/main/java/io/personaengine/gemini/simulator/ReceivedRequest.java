package io.personaengine.gemini.simulator;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.personaengine.gemini.api.GeminiJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One request the simulator received, recorded before it answered.
 *
 * @param receivedAt when it arrived, on the simulator's clock
 * @param target the raw path and query
 * @param model the model of a {@code generateContent} call; null for other requests
 * @param body the raw request body (JSON for {@code generateContent})
 * @param apiKeyPresent whether an {@code x-goog-api-key} header came with it (the key itself is not kept)
 * @param status the HTTP status answered; 0 for a dropped connection
 */
public record ReceivedRequest(
        Instant receivedAt,
        String method,
        String target,
        @Nullable String model,
        String body,
        boolean apiKeyPresent,
        int status) {

    public ReceivedRequest {
        requireNonNull(receivedAt, "receivedAt");
        requireNonNull(method, "method");
        requireNonNull(target, "target");
        requireNonNull(body, "body");
    }

    /** True for a {@code generateContent} call. */
    public boolean generateContent() {
        return model != null;
    }

    /** The body as a JSON tree. */
    public JsonNode json() {
        try {
            return GeminiJson.readTree(body.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("request body is not JSON", e);
        }
    }
}
