package io.personaengine.gemini.guard;

import static java.util.Objects.requireNonNull;

import io.github.resilience4j.retry.Retry;
import io.personaengine.core.content.CallPermit;
import io.personaengine.core.content.CallPermits;
import io.personaengine.core.content.ContentException;
import io.personaengine.core.content.Usage;
import io.personaengine.gemini.GeminiObserver;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one upstream call under the cluster's rules: every attempt first gets a permit from the
 * {@link CallGate}; a brief outage is retried by {@link BriefOutageRetry} (each retry with a permit
 * of its own); a 429 pauses the cluster through {@link ClusterCoolDown}. The outcome is charged with
 * every request sent. Each wait for a permit, granted or not, is reported to the {@link GeminiObserver}.
 * Thread-safe.
 */
final class CallGuard {

    private static final Logger log = LoggerFactory.getLogger(CallGuard.class);

    private final CallPermits permits;
    private final CallGate gate;
    private final ClusterCoolDown coolDown;
    private final Retry retry;
    private final Clock clock;
    private final GeminiObserver observer;

    CallGuard(CallPermits permits, GuardSettings settings, GeminiObserver observer) {
        this(permits, settings, Clock.systemUTC(), Sleeper.THREAD, observer);
    }

    CallGuard(CallPermits permits, GuardSettings settings, Clock clock, Sleeper sleeper) {
        this(permits, settings, clock, sleeper, GeminiObserver.NONE);
    }

    CallGuard(CallPermits permits, GuardSettings settings, Clock clock, Sleeper sleeper, GeminiObserver observer) {
        requireNonNull(settings, "settings");
        this.clock = requireNonNull(clock, "clock");
        this.observer = requireNonNull(observer, "observer");
        this.permits = requireNonNull(permits, "permits");
        this.gate = new CallGate(permits, settings, clock, sleeper);
        this.coolDown = new ClusterCoolDown(permits, settings.pauseWithoutDelay(), settings.outagePause());
        this.retry = BriefOutageRetry.create(settings);
    }

    /**
     * Calls {@code upstream} for {@code model} once it is allowed to, retrying brief outages.
     *
     * @param charge adds the usage of earlier, failed attempts to a result
     * @throws ContentException as {@code upstream} does, charged with every attempt; or
     *     {@link ContentException.Kind#RATE_LIMITED} when no permit came (see {@link CallGate#enter})
     */
    <T> T call(String model, Supplier<T> upstream, BiFunction<T, Usage, T> charge) {
        return call(model, 0, upstream, charge, result -> Usage.NONE);
    }

    /**
     * As above, counting {@code inputTokens} (estimated from the prompt) against the model's token
     * limit; once an attempt succeeds its permit is settled with the prompt tokens {@code usage} reports.
     */
    <T> T call(String model, long inputTokens, Supplier<T> upstream, BiFunction<T, Usage, T> charge,
            Function<T, Usage> usage) {
        AttemptCosts costs = new AttemptCosts();
        T result;
        try {
            result = retry.executeSupplier(() -> attempt(model, inputTokens, upstream, costs, usage));
        } catch (ContentException failure) {
            throw costs.charge(failure);
        }
        return costs.earlier().equals(Usage.NONE) ? result : charge.apply(result, costs.earlier());
    }

    private <T> T attempt(String model, long inputTokens, Supplier<T> upstream, AttemptCosts costs,
            Function<T, Usage> usage) {
        costs.beginAttempt();
        Instant asked = clock.instant();
        CallPermit permit = null;
        try {
            permit = gate.enter(model, inputTokens);
        } finally {
            reportWait(model, Duration.between(asked, clock.instant()), permit != null);
        }
        try {
            T result = upstream.get();
            settle(model, permit, usage.apply(result));
            return result;
        } catch (ContentException failure) {
            ContentException outcome = coolDown.after(model, failure);
            costs.failed(outcome);
            throw outcome;
        }
    }

    /** Best effort: a failed correction leaves the estimate counted, which only errs on the safe side. */
    private void settle(String model, CallPermit permit, Usage usage) {
        if (permit.ticket() < 0 || usage.promptTokens() == permit.inputTokens()) {
            return;
        }
        try {
            permits.settle(model, permit, usage.promptTokens());
        } catch (RuntimeException e) {
            log.warn("could not correct the input tokens counted for a {} call; the estimate stays counted", model, e);
        }
    }

    /** The cluster's call limit changed: this node's own minute follows it. */
    void callsPerMinuteChanged(int callsPerMinute) {
        gate.callsPerMinuteChanged(callsPerMinute);
    }

    private void reportWait(String model, Duration waited, boolean granted) {
        try {
            observer.permitWaited(model, waited.isNegative() ? Duration.ZERO : waited, granted);
        } catch (RuntimeException e) {
            log.warn("a Gemini observer failed", e);
        }
    }
}
