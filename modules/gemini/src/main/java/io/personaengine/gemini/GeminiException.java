package io.personaengine.gemini;

import static java.util.Objects.requireNonNull;

import io.personaengine.gemini.api.GenerateContentResponse;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A Gemini call that produced no usable response. {@link #kind()} says what to do about it and
 * {@link #retryable()} is what a retry policy should test, never the message. Messages are short,
 * never contain the API key, and quote at most an excerpt of the server's body.
 */
public final class GeminiException extends RuntimeException {

    /** What went wrong, grouped by what the caller should do about it. */
    public enum Kind {
        /** HTTP 429: a quota or rate limit; wait {@link #retryDelay()} if given. */
        RATE_LIMITED,
        /** HTTP 5xx: the service is overloaded or failing; back off and retry. */
        SERVER,
        /** HTTP 4xx other than 429 (bad request, key, permission, unknown model): fix, do not retry. */
        CLIENT,
        /** No HTTP answer, a timeout, or a body that could not be read. */
        TRANSPORT,
        /** HTTP 200, but a safety filter withheld the prompt or the answer: do not retry as is. */
        BLOCKED;

        public boolean retryable() {
            return this == RATE_LIMITED || this == SERVER || this == TRANSPORT;
        }

        static Kind forHttpStatus(int httpStatus) {
            if (httpStatus == 429) {
                return RATE_LIMITED;
            }
            return httpStatus >= 500 ? SERVER : CLIENT;
        }
    }

    private final Kind kind;
    private final int httpStatus;
    private final @Nullable String status;
    private final @Nullable String reason;
    private final @Nullable Duration retryDelay;
    private final boolean dailyQuota;
    private final transient @Nullable GenerateContentResponse response;

    private GeminiException(
            Kind kind,
            String message,
            int httpStatus,
            @Nullable RpcStatus rpc,
            @Nullable GenerateContentResponse response,
            @Nullable Throwable cause) {
        super(requireNonNull(message, "message"), cause);
        this.kind = requireNonNull(kind, "kind");
        this.httpStatus = httpStatus;
        this.status = rpc == null ? null : rpc.status();
        this.reason = rpc == null ? null : rpc.reason();
        this.retryDelay = rpc == null ? null : rpc.retryDelay();
        this.dailyQuota = rpc != null && rpc.dailyQuota();
        this.response = response;
    }

    static GeminiException http(int httpStatus, RpcStatus rpc, String message) {
        return new GeminiException(Kind.forHttpStatus(httpStatus), message, httpStatus, rpc, null, null);
    }

    static GeminiException transport(String message, @Nullable Throwable cause) {
        return new GeminiException(Kind.TRANSPORT, message, 0, null, null, cause);
    }

    /** A response arrived but its body could not be read as the expected JSON. */
    static GeminiException unreadable(int httpStatus, String message, @Nullable Throwable cause) {
        return new GeminiException(Kind.TRANSPORT, message, httpStatus, null, null, cause);
    }

    static GeminiException blocked(String message, GenerateContentResponse response) {
        return new GeminiException(Kind.BLOCKED, message, 200, null, response, null);
    }

    public Kind kind() {
        return kind;
    }

    /** True for rate limits, server errors and transport failures. */
    public boolean retryable() {
        return kind.retryable();
    }

    /** The HTTP status, or 0 when no HTTP answer arrived (connect failure, timeout, dropped connection). */
    public int httpStatus() {
        return httpStatus;
    }

    /** Google's status name, such as {@code RESOURCE_EXHAUSTED} or {@code INVALID_ARGUMENT}. */
    public Optional<String> status() {
        return Optional.ofNullable(status);
    }

    /** The {@code ErrorInfo} reason, such as {@code API_KEY_INVALID} or {@code RATE_LIMIT_EXCEEDED}. */
    public Optional<String> reason() {
        return Optional.ofNullable(reason);
    }

    /** The delay the server asked for in {@code google.rpc.RetryInfo}, if any. */
    public Optional<Duration> retryDelay() {
        return Optional.ofNullable(retryDelay);
    }

    /** True when a per-day quota is spent: retrying before it resets (midnight Pacific) is useless. */
    public boolean dailyQuota() {
        return dailyQuota;
    }

    /** For {@link Kind#BLOCKED}: the refused answer, with its usage metadata and model version. */
    public Optional<GenerateContentResponse> response() {
        return Optional.ofNullable(response);
    }
}
