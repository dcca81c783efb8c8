package io.personaengine.core.content;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * The answer to a request for one upstream call: granted, or not now and for how long.
 *
 * @param verdict whether the call may go, and if not, why
 * @param retryAfter zero when granted; otherwise how long until asking again can succeed, measured
 *     on the clock of the store that keeps the permits
 * @param reason empty when granted; otherwise why no call may go, readable in a task's history
 * @param ticket for a granted permit, where the store counted it (for {@link CallPermits#settle});
 *     -1 when there is nothing to settle
 * @param inputTokens for a granted permit, the input tokens it counted (an estimate until settled)
 */
public record CallPermit(Verdict verdict, Duration retryAfter, String reason, long ticket, long inputTokens) {

    private static final CallPermit GRANTED = new CallPermit(Verdict.GRANTED, Duration.ZERO, "");
    private static final Duration SHORTEST_WAIT = Duration.ofMillis(1);

    /** Whether a call may go now. */
    public enum Verdict {
        /** The call is counted: make it now. */
        GRANTED,
        /** The window already holds as many calls as the limit allows; a slot frees after {@code retryAfter}. */
        WINDOW_FULL,
        /** Upstream asked the whole cluster to pause (a 429); the pause ends after {@code retryAfter}. */
        COOLING_DOWN
    }

    public CallPermit(Verdict verdict, Duration retryAfter, String reason) {
        this(verdict, retryAfter, reason, -1, 0);
    }

    public CallPermit {
        requireNonNull(verdict, "verdict");
        requireNonNull(retryAfter, "retryAfter");
        requireNonNull(reason, "reason");
        boolean granted = verdict == Verdict.GRANTED;
        if (granted && (!retryAfter.isZero() || !reason.isEmpty())) {
            throw new IllegalArgumentException("a granted permit has no retryAfter and no reason");
        }
        if (!granted && (retryAfter.isNegative() || retryAfter.isZero() || reason.isBlank())) {
            throw new IllegalArgumentException("a refusal needs a positive retryAfter and a reason: " + retryAfter);
        }
    }

    public static CallPermit granted() {
        return GRANTED;
    }

    /** Granted, counted at {@code ticket} with {@code inputTokens} estimated input tokens. */
    public static CallPermit granted(long ticket, long inputTokens) {
        return new CallPermit(Verdict.GRANTED, Duration.ZERO, "", ticket, inputTokens);
    }

    /** No room in the window; {@code wait} is raised to a millisecond, so a caller sleeping on it cannot spin. */
    public static CallPermit windowFull(Duration wait, String reason) {
        return new CallPermit(Verdict.WINDOW_FULL, atLeastAMillisecond(wait), reason);
    }

    /** Paused after a 429; {@code remaining} is raised to a millisecond. */
    public static CallPermit coolingDown(Duration remaining, String reason) {
        return new CallPermit(Verdict.COOLING_DOWN, atLeastAMillisecond(remaining), reason);
    }

    public boolean isGranted() {
        return verdict == Verdict.GRANTED;
    }

    private static Duration atLeastAMillisecond(Duration wait) {
        requireNonNull(wait, "wait");
        return wait.compareTo(SHORTEST_WAIT) < 0 ? SHORTEST_WAIT : wait;
    }
}
