package io.personaengine.gemini.guard;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How a node guards its Gemini calls.
 *
 * @param maxCallsPerMinute {@code GEMINI_MAX_CALLS_PER_MINUTE}, the cluster's limit; this node's own
 *     rate limiter allows as much, so it spares the database when this node alone fills the window
 * @param maxWait the longest a call waits for a permit; when the next free slot is further away,
 *     the call is refused at once with the time to wait, and its task is deferred
 * @param maxAttempts attempts of one call on a brief outage (503, 500, 504, transport), the first
 *     included; every attempt takes a permit and is counted
 * @param firstBackoff the wait before the first retry, doubled for each further one, ±50 % jitter
 * @param pauseWithoutDelay how long the cluster pauses after a 429 that named no {@code RetryInfo} delay
 * @param window the sliding window {@code maxCallsPerMinute} applies to: a minute, shorter in tests
 * @param outagePause how long the cluster pauses calls to a model after upstream refused the key or
 *     the model (401, 403, 404); the first call after the pause checks again
 */
public record GuardSettings(
        int maxCallsPerMinute, Duration maxWait, int maxAttempts, Duration firstBackoff, Duration pauseWithoutDelay,
        Duration window, Duration outagePause) {

    public GuardSettings {
        requireNonNull(maxWait, "maxWait");
        requireNonNull(firstBackoff, "firstBackoff");
        requireNonNull(pauseWithoutDelay, "pauseWithoutDelay");
        requireNonNull(window, "window");
        requireNonNull(outagePause, "outagePause");
        if (outagePause.isNegative() || outagePause.isZero()) {
            throw new IllegalArgumentException("outagePause must be positive: " + outagePause);
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive: " + window);
        }
        if (maxCallsPerMinute < 1) {
            throw new IllegalArgumentException("maxCallsPerMinute must be positive: " + maxCallsPerMinute);
        }
        if (maxWait.isNegative() || maxWait.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("maxWait must be 0..10m: " + maxWait);
        }
        if (maxAttempts < 1 || maxAttempts > 10) {
            throw new IllegalArgumentException("maxAttempts must be 1..10: " + maxAttempts);
        }
        if (firstBackoff.isNegative() || firstBackoff.isZero()) {
            throw new IllegalArgumentException("firstBackoff must be positive: " + firstBackoff);
        }
        if (pauseWithoutDelay.isNegative() || pauseWithoutDelay.isZero()) {
            throw new IllegalArgumentException("pauseWithoutDelay must be positive: " + pauseWithoutDelay);
        }
    }

    /**
     * 60 calls a minute, 30 s of waiting at most, 3 attempts from 750 ms apart, 10 s pauses after a 429
     * without a delay, a minute's pause after a refused key or model.
     */
    public static GuardSettings defaults() {
        return new GuardSettings(60, Duration.ofSeconds(30), 3, Duration.ofMillis(750), Duration.ofSeconds(10),
                Duration.ofMinutes(1), Duration.ofMinutes(1));
    }

    public GuardSettings withMaxCallsPerMinute(int calls) {
        return new GuardSettings(calls, maxWait, maxAttempts, firstBackoff, pauseWithoutDelay, window, outagePause);
    }

    public GuardSettings withMaxWait(Duration wait) {
        return new GuardSettings(maxCallsPerMinute, wait, maxAttempts, firstBackoff, pauseWithoutDelay, window, outagePause);
    }

    public GuardSettings withRetries(int attempts, Duration backoff) {
        return new GuardSettings(maxCallsPerMinute, maxWait, attempts, backoff, pauseWithoutDelay, window, outagePause);
    }

    public GuardSettings withWindow(Duration length) {
        return new GuardSettings(maxCallsPerMinute, maxWait, maxAttempts, firstBackoff, pauseWithoutDelay, length,
                outagePause);
    }

    public GuardSettings withOutagePause(Duration pause) {
        return new GuardSettings(maxCallsPerMinute, maxWait, maxAttempts, firstBackoff, pauseWithoutDelay, window,
                pause);
    }
}
