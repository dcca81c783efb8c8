package io.personaengine.core.content;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Generation did not produce usable content. The {@link Kind} decides what the runner does next. */
public final class ContentException extends RuntimeException {

    /** Why generation failed, grouped by what the caller should do about it. */
    public enum Kind {
        /** Upstream quota or rate limit (HTTP 429): defer without burning a retry. */
        RATE_LIMITED,
        /** Upstream overloaded or down, or the network failed (5xx, timeouts): defer or retry later. */
        UNAVAILABLE,
        /** The request itself was refused for good (400): fail at once. */
        REFUSED,
        /**
         * The key or the model does not work now (401, 403, 404 for the model: a key revoked, billing
         * lapsed, a model retired mid-run): nothing any task can fix. Defer without using a retry
         * while the cluster pauses calls and checks again now and then.
         */
        OUTAGE,
        /** The prompt or the answer was blocked by a safety filter: fail at once. */
        BLOCKED,
        /** An answer came back but cannot be used (empty, truncated, malformed). */
        INVALID_ANSWER;

        /** True when trying the same request later can succeed without any change. */
        public boolean transientFailure() {
            return this == RATE_LIMITED || this == UNAVAILABLE || this == OUTAGE;
        }
    }

    private final Kind kind;
    private final @Nullable Duration retryAfter;
    private final boolean dailyQuota;
    private final Usage usage;

    public ContentException(Kind kind, String message) {
        this(kind, message, null, false, Usage.NONE, null);
    }

    public ContentException(
            Kind kind,
            String message,
            @Nullable Duration retryAfter,
            boolean dailyQuota,
            Usage usage,
            @Nullable Throwable cause) {
        super(requireNonNull(message, "message"), cause);
        this.kind = requireNonNull(kind, "kind");
        this.retryAfter = retryAfter;
        this.dailyQuota = dailyQuota;
        this.usage = requireNonNull(usage, "usage");
    }

    public Kind kind() {
        return kind;
    }

    /** The delay the server asked for (Gemini's {@code RetryInfo}), if any. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** True when a daily quota is spent: nothing will succeed before it resets. */
    public boolean dailyQuota() {
        return dailyQuota;
    }

    /** What the failed calls cost (blocked prompts still count their input tokens). */
    public Usage usage() {
        return usage;
    }

    /**
     * The same failure, also charged with {@code earlier}: the calls an action made before the one
     * that failed, so the attempt records everything it cost.
     */
    public ContentException withEarlierUsage(Usage earlier) {
        return new ContentException(kind, getMessage(), retryAfter, dailyQuota, earlier.plus(usage), this);
    }
}
