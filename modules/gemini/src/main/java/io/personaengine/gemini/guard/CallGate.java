package io.personaengine.gemini.guard;

import static java.util.Objects.requireNonNull;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import io.personaengine.core.content.CallPermit;
import io.personaengine.core.content.CallPermits;
import io.personaengine.core.content.ContentException;
import io.personaengine.core.content.ContentException.Kind;
import io.personaengine.core.content.Usage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * Lets one call through once the cluster has counted it, waiting a bounded time for a permit.
 *
 * <p>Each model has a lane of its own, as each has its own limits: a call waiting for a slot of the
 * image model never holds up a text call. In a lane, while the window has room, workers ask the
 * ledger side by side. Once it is full, three steps: a fair queue, so that only one thread of this
 * node at a time asks and sleeps until the slot it was told about (the others queue behind it
 * instead of all waking for the same slot); this node's Resilience4j {@link RateLimiter} for the
 * model, which counts the calls this node made and allows as many a minute as the whole cluster may
 * make, so a node that fills the window alone stops asking the database; then the {@link CallPermits}
 * ledger, the authority. The limiter counts granted calls only: a call that is deferred costs it
 * nothing, so deferrals never starve a node below its share. A pause after a 429 is never waited out
 * here: the task is deferred for the rest of it. Thread-safe.
 */
final class CallGate {

    private static final Duration QUEUE_DEFERRAL = Duration.ofSeconds(1);

    private final CallPermits permits;
    private final Duration maxWait;
    private final Duration window;
    private final Clock clock;
    private final Sleeper sleeper;
    private final ConcurrentMap<String, Lane> lanes = new ConcurrentHashMap<>();
    private volatile int callsPerMinute;

    /** One model's queue, limiter and next free slot. */
    private final class Lane {
        final AtomicRateLimiter nodeLimiter;
        final ReentrantLock asking = new ReentrantLock(true);
        volatile Instant nextSlot = Instant.EPOCH;

        Lane(String model) {
            this.nodeLimiter = new AtomicRateLimiter("gemini-calls-" + model, RateLimiterConfig.custom()
                    .limitForPeriod(callsPerMinute)
                    .limitRefreshPeriod(window)
                    .timeoutDuration(Duration.ZERO)
                    .build(), () -> Duration.between(Instant.EPOCH, clock.instant()).toNanos());
        }
    }

    CallGate(CallPermits permits, GuardSettings settings, Clock clock, Sleeper sleeper) {
        this.permits = requireNonNull(permits, "permits");
        this.maxWait = settings.maxWait();
        this.window = settings.window();
        this.clock = requireNonNull(clock, "clock");
        this.sleeper = requireNonNull(sleeper, "sleeper");
        this.callsPerMinute = settings.maxCallsPerMinute();
    }

    private Lane lane(String model) {
        return lanes.computeIfAbsent(requireNonNull(model, "model"), Lane::new);
    }

    /**
     * Returns once one call to {@code model} is counted in the cluster's window; waits at most
     * {@code maxWait}.
     *
     * @throws ContentException {@link Kind#RATE_LIMITED}, with the time to wait, when calls to the
     *     model are paused, when no permit comes within {@code maxWait}, or when the ledger cannot be
     *     reached (no call goes out uncounted); it cost nothing upstream
     */
    void enter(String model) {
        enter(model, 0);
    }

    /**
     * As {@link #enter(String)}, counting {@code inputTokens} (estimated) against the model's token
     * limit as well.
     *
     * @return the granted permit, to settle once the call's real usage is known
     */
    CallPermit enter(String model, long inputTokens) {
        Lane lane = lane(model);
        if (lane.asking.isLocked() || lane.asking.hasQueuedThreads()
                || lane.nodeLimiter.getDetailedMetrics().getNanosToWait() > 0) {
            return waitInLine(lane, model, inputTokens, null, null);
        }
        // nobody waits for a slot: ask at once, side by side with this node's other workers
        CallPermit permit = ask(model, inputTokens);
        return admitted(lane, permit) ? permit
                : waitInLine(lane, model, inputTokens, clock.instant().plus(permit.retryAfter()), permit);
    }

    /** The cluster's call limit changed: this node's own minute of every model follows it. */
    void callsPerMinuteChanged(int callsPerMinute) {
        this.callsPerMinute = callsPerMinute;
        for (Lane lane : lanes.values()) {
            if (callsPerMinute != lane.nodeLimiter.getRateLimiterConfig().getLimitForPeriod()) {
                lane.nodeLimiter.changeLimitForPeriod(callsPerMinute);
            }
        }
    }

    /**
     * True when {@code permit} lets the call go (counted on this node's limiter too), false when the
     * window is full.
     *
     * @throws ContentException when calls to the model are paused
     */
    private boolean admitted(Lane lane, CallPermit permit) {
        if (permit.isGranted()) {
            lane.nodeLimiter.acquirePermission();
            return true;
        }
        if (permit.verdict() == CallPermit.Verdict.COOLING_DOWN) {
            throw refused(permit.reason(), permit.retryAfter(), null);
        }
        return false;
    }

    /**
     * One thread at a time asks, and sleeps until the slot it was told about; the rest queue behind it.
     *
     * @param freeAt when the slot this thread was just told about frees, or null to ask first. It is an
     *     instant, not a wait: the time spent queueing counts towards it, so a thread that queued past
     *     it asks at once instead of waiting the old wait again.
     * @param refusal the refusal that named {@code freeAt}, for its reason
     */
    private CallPermit waitInLine(Lane lane, String model, long inputTokens, @Nullable Instant freeAt,
            @Nullable CallPermit refusal) {
        Instant deadline = clock.instant().plus(maxWait);
        queueToAsk(lane, deadline);
        try {
            if (freeAt != null && refusal != null) {
                awaitSlot(lane, freeAt, refusal, deadline);
            }
            while (true) {
                awaitThisNodesMinute(lane, deadline);
                CallPermit permit = ask(model, inputTokens);
                if (admitted(lane, permit)) {
                    return permit;
                }
                awaitSlot(lane, clock.instant().plus(permit.retryAfter()), permit, deadline);
            }
        } finally {
            lane.asking.unlock();
        }
    }

    /**
     * When this node alone made the cluster's limit in its limiter's current minute, the ledger would
     * refuse too, for even longer: wait for the limiter's next minute without asking.
     */
    private void awaitThisNodesMinute(Lane lane, Instant deadline) {
        Duration wait = Duration.ofNanos(lane.nodeLimiter.getDetailedMetrics().getNanosToWait());
        if (wait.isZero() || wait.isNegative()) {
            return;
        }
        if (clock.instant().plus(wait).isAfter(deadline)) {
            throw refused("this node made its " + lane.nodeLimiter.getRateLimiterConfig().getLimitForPeriod()
                    + " Gemini calls of this minute", wait, null);
        }
        sleep(wait);
    }

    private void awaitSlot(Lane lane, Instant freeAt, CallPermit windowFull, Instant deadline) {
        Duration wait = Duration.between(clock.instant(), freeAt);
        if (wait.isNegative() || wait.isZero()) {
            return;
        }
        if (freeAt.isAfter(deadline)) {
            throw refused(windowFull.reason(), wait, null);
        }
        lane.nextSlot = freeAt;
        sleep(wait);
    }

    private void queueToAsk(Lane lane, Instant deadline) {
        Duration patience = Duration.between(clock.instant(), deadline);
        try {
            if (!lane.asking.tryLock(Math.max(0, patience.toNanos()), TimeUnit.NANOSECONDS)) {
                throw refused("other calls on this node were first in line for the next free slot", untilNextSlot(lane),
                        null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw refused("interrupted while waiting for a Gemini call permit", Duration.ZERO, e);
        }
    }

    private CallPermit ask(String model, long inputTokens) {
        try {
            return permits.tryAcquire(model, inputTokens);
        } catch (RuntimeException e) {
            throw new ContentException(Kind.RATE_LIMITED, "could not count the call in the cluster's Gemini ledger, "
                    + "so it was not made: " + e.getMessage(), null, false, Usage.NONE, e);
        }
    }

    private void sleep(Duration duration) {
        try {
            sleeper.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw refused("interrupted while waiting for a Gemini call permit", Duration.ZERO, e);
        }
    }

    /** When the slot the asking thread sleeps for frees, and at least a second: the line ahead is long. */
    private Duration untilNextSlot(Lane lane) {
        return atLeast(Duration.between(clock.instant(), lane.nextSlot), QUEUE_DEFERRAL);
    }

    private static Duration atLeast(Duration wait, Duration floor) {
        return wait.compareTo(floor) < 0 ? floor : wait;
    }

    private static ContentException refused(String reason, Duration retryAfter, @Nullable Throwable cause) {
        return new ContentException(Kind.RATE_LIMITED, "no Gemini call permit: " + reason,
                retryAfter.isZero() ? null : retryAfter, false, Usage.NONE, cause);
    }
}
