package io.personaengine.gemini;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * How to reach Gemini.
 *
 * @param baseUrl scheme, host and optional path prefix, such as
 *     {@code https://generativelanguage.googleapis.com} or a simulator's {@code http://127.0.0.1:PORT};
 *     no query string (keys never travel in URLs)
 * @param apiKey sent as the {@code x-goog-api-key} header; null sends no key (simulator, proxy)
 * @param connectTimeout TCP and TLS connect
 * @param readTimeout the longest silence while waiting for the answer; thinking and image models
 *     can take tens of seconds
 * @param callTimeout the whole call, from connect to the last byte
 */
public record GeminiClientConfig(
        String baseUrl, @Nullable String apiKey, Duration connectTimeout, Duration readTimeout, Duration callTimeout) {

    public static final String GOOGLE_BASE_URL = "https://generativelanguage.googleapis.com";

    public GeminiClientConfig {
        requireNonNull(baseUrl, "baseUrl");
        HttpUrl url = HttpUrl.parse(baseUrl);
        if (url == null || url.query() != null || url.fragment() != null || !url.username().isEmpty()) {
            // the value is not echoed: a URL with a query or user info may carry a secret
            throw new IllegalArgumentException("baseUrl must be an http(s) URL without query, fragment or user info");
        }
        if (apiKey != null && apiKey.isBlank()) {
            throw new IllegalArgumentException("apiKey must not be blank (use null for no key)");
        }
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(readTimeout, "readTimeout");
        requirePositive(callTimeout, "callTimeout");
        if (callTimeout.compareTo(readTimeout) < 0) {
            throw new IllegalArgumentException("callTimeout must not be shorter than readTimeout");
        }
    }

    /**
     * Google's endpoint, no key, 10 s to connect, 60 s to read, 90 s per call: a Gemini that accepts
     * the connection and never answers is cut off, and the task deferred, in at most 90 s an attempt.
     */
    public static GeminiClientConfig defaults() {
        return new GeminiClientConfig(
                GOOGLE_BASE_URL, null, Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(90));
    }

    public GeminiClientConfig withBaseUrl(String url) {
        return new GeminiClientConfig(url, apiKey, connectTimeout, readTimeout, callTimeout);
    }

    public GeminiClientConfig withApiKey(@Nullable String key) {
        return new GeminiClientConfig(baseUrl, key, connectTimeout, readTimeout, callTimeout);
    }

    public GeminiClientConfig withTimeouts(Duration connect, Duration read, Duration call) {
        return new GeminiClientConfig(baseUrl, apiKey, connect, read, call);
    }

    /** The base URL as OkHttp parsed it (validated in the constructor). */
    HttpUrl httpUrl() {
        return requireNonNull(HttpUrl.parse(baseUrl));
    }

    @Override
    public String toString() {
        return "GeminiClientConfig[baseUrl=" + baseUrl
                + ", apiKey=" + (apiKey == null ? "(none)" : "****")
                + ", connectTimeout=" + connectTimeout
                + ", readTimeout=" + readTimeout
                + ", callTimeout=" + callTimeout + "]";
    }

    private static void requirePositive(Duration duration, String name) {
        requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + duration);
        }
    }
}
