package io.personaengine.core.content;

import java.time.Duration;
import java.time.ZoneId;

/**
 * The cluster-wide budget of upstream model calls: at most a fixed number of calls in any sliding
 * window, summed over every node, and a pause for the whole cluster when upstream answers "too
 * many requests". Whatever several nodes must agree on (the window, the end of a pause) is kept on
 * the store's clock, never on a node's.
 *
 * <p>Implementations are thread-safe and never block for long: a refusal comes back at once with
 * the time to wait, and waiting is the caller's business.
 */
public interface CallPermits {

    /**
     * Counts one call to {@code model} now if the window has room and the model is not cooling down.
     * A granted permit is spent: count it whether or not the call then succeeds.
     *
     * @param model the model id the call goes to; pauses are kept per model, the window is shared
     */
    CallPermit tryAcquire(String model);

    /**
     * As {@link #tryAcquire(String)}, counting {@code inputTokens} (an estimate of the prompt's size)
     * against the model's token limit too. Stores without a token limit ignore them.
     */
    default CallPermit tryAcquire(String model, long inputTokens) {
        return tryAcquire(model);
    }

    /**
     * Corrects the input tokens a granted {@code permit} counted, once the call's usage says how
     * many it really took. Best effort: a store that cannot settle leaves the estimate counted.
     */
    default void settle(String model, CallPermit permit, long actualInputTokens) {}

    /**
     * Upstream answered 429 (not a spent daily quota): the cluster sends to {@code model} more than
     * upstream takes. Stores that adapt lower the cluster's rate to it, and raise it again gradually.
     */
    default void rateLimited(String model) {}

    /**
     * Pauses calls to {@code model} on every node for {@code delay} from now. A pause already running
     * longer is kept: pauses only ever grow.
     *
     * @param reason why, for the refusals it causes (such as "429 RESOURCE_EXHAUSTED, retry in 26 s")
     * @return how long calls to {@code model} are now paused, which may exceed {@code delay}
     */
    Duration coolDown(String model, Duration delay, String reason);

    /**
     * Pauses calls to {@code model} on every node until the next midnight in {@code zone}, when a
     * daily quota resets; like {@link #coolDown}, never shortens a longer pause.
     *
     * @return how long calls to {@code model} are now paused
     */
    Duration coolDownUntilMidnight(String model, ZoneId zone, String reason);
}
