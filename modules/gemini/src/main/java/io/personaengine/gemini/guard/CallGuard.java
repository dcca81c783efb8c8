package io.personaengine.gemini.guard;

import static java.util.Objects.requireNonNull;

import io.github.resilience4j.retry.Retry;
import io.personaengine.core.content.CallPermits;
import io.personaengine.core.content.ContentException;
import io.personaengine.core.content.Usage;
import io.personaengine.gemini.GeminiObserver;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BiFunction;
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
        AttemptCosts costs = new AttemptCosts();
        T result;
        try {
            result = retry.executeSupplier(() -> attempt(model, upstream, costs));
        } catch (ContentException failure) {
            throw costs.charge(failure);
        }
        return costs.earlier().equals(Usage.NONE) ? result : charge.apply(result, costs.earlier());
    }

    private <T> T attempt(String model, Supplier<T> upstream, AttemptCosts costs) {
        costs.beginAttempt();
        Instant asked = clock.instant();
        boolean granted = false;
        try {
            gate.enter(model);
            granted = true;
        } finally {
            reportWait(model, Duration.between(asked, clock.instant()), granted);
        }
        try {
            return upstream.get();
        } catch (ContentException failure) {
            ContentException outcome = coolDown.after(model, failure);
            costs.failed(outcome);
            throw outcome;
        }
    }

    private void reportWait(String model, Duration waited, boolean granted) {
        try {
            observer.permitWaited(model, waited.isNegative() ? Duration.ZERO : waited, granted);
        } catch (RuntimeException e) {
            log.warn("a Gemini observer failed", e);
        }
    }
}
