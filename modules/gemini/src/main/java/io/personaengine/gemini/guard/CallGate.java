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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * Lets one call through once the cluster has counted it, waiting a bounded time for a permit.
 *
 * <p>While the window has room, workers ask the ledger side by side. Once it is full, three steps: a
 * fair queue, so that only one thread of this node at a time asks and sleeps until the slot it was
 * told about (the others queue behind it instead of all waking for the same slot);
 * this node's Resilience4j {@link RateLimiter}, which counts the calls this node made and allows as
 * many a minute as the whole cluster may make, so a node that fills the window alone stops asking
 * the database; then the {@link CallPermits} ledger, the authority. The limiter counts granted calls
 * only: a call that is deferred costs it nothing, so deferrals never starve a node below its share.
 * A pause after a 429 is never waited out here: the task is deferred for the rest of it. Thread-safe.
 */
final class CallGate {

    private static final Duration QUEUE_DEFERRAL = Duration.ofSeconds(1);

    private final CallPermits permits;
    private final AtomicRateLimiter nodeLimiter;
    private final ReentrantLock asking = new ReentrantLock(true);
    private final Duration maxWait;
    private final Clock clock;
    private final Sleeper sleeper;
    private volatile Instant nextSlot = Instant.EPOCH;

    CallGate(CallPermits permits, GuardSettings settings, Clock clock, Sleeper sleeper) {
        this.permits = requireNonNull(permits, "permits");
        this.maxWait = settings.maxWait();
        this.clock = requireNonNull(clock, "clock");
        this.sleeper = requireNonNull(sleeper, "sleeper");
        this.nodeLimiter = new AtomicRateLimiter("gemini-calls", RateLimiterConfig.custom()
                .limitForPeriod(settings.maxCallsPerMinute())
                .limitRefreshPeriod(settings.window())
                .timeoutDuration(Duration.ZERO)
                .build(), () -> Duration.between(Instant.EPOCH, clock.instant()).toNanos());
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
        if (asking.isLocked() || asking.hasQueuedThreads() || nodeLimiter.getDetailedMetrics().getNanosToWait() > 0) {
            return waitInLine(model, inputTokens, null);
        }
        // nobody waits for a slot: ask at once, side by side with this node's other workers
        CallPermit permit = ask(model, inputTokens);
        return admitted(permit) ? permit : waitInLine(model, inputTokens, permit);
    }

    /** The cluster's call limit changed: this node's own minute follows it. */
    void callsPerMinuteChanged(int callsPerMinute) {
        if (callsPerMinute != nodeLimiter.getRateLimiterConfig().getLimitForPeriod()) {
            nodeLimiter.changeLimitForPeriod(callsPerMinute);
        }
    }

    /**
     * True when {@code permit} lets the call go (counted on this node's limiter too), false when the
     * window is full.
     *
     * @throws ContentException when calls to the model are paused
     */
    private boolean admitted(CallPermit permit) {
        if (permit.isGranted()) {
            nodeLimiter.acquirePermission();
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
     * @param refusal the full window this thread was just told about, or null to ask first
     */
    private CallPermit waitInLine(String model, long inputTokens, @Nullable CallPermit refusal) {
        Instant deadline = clock.instant().plus(maxWait);
        queueToAsk(deadline);
        try {
            if (refusal != null) {
                awaitSlot(refusal, deadline);
            }
            while (true) {
                awaitThisNodesMinute(deadline);
                CallPermit permit = ask(model, inputTokens);
                if (admitted(permit)) {
                    return permit;
                }
                awaitSlot(permit, deadline);
            }
        } finally {
            asking.unlock();
        }
    }

    /**
     * When this node alone made the cluster's limit in its limiter's current minute, the ledger would
     * refuse too, for even longer: wait for the limiter's next minute without asking.
     */
    private void awaitThisNodesMinute(Instant deadline) {
        Duration wait = Duration.ofNanos(nodeLimiter.getDetailedMetrics().getNanosToWait());
        if (wait.isZero() || wait.isNegative()) {
            return;
        }
        if (clock.instant().plus(wait).isAfter(deadline)) {
            throw refused("this node made its " + nodeLimiter.getRateLimiterConfig().getLimitForPeriod()
                    + " Gemini calls of this minute", wait, null);
        }
        sleep(wait);
    }

    private void awaitSlot(CallPermit windowFull, Instant deadline) {
        Instant freeAt = clock.instant().plus(windowFull.retryAfter());
        if (freeAt.isAfter(deadline)) {
            throw refused(windowFull.reason(), windowFull.retryAfter(), null);
        }
        nextSlot = freeAt;
        sleep(windowFull.retryAfter());
    }

    private void queueToAsk(Instant deadline) {
        Duration patience = Duration.between(clock.instant(), deadline);
        try {
            if (!asking.tryLock(Math.max(0, patience.toNanos()), TimeUnit.NANOSECONDS)) {
                throw refused("other calls on this node were first in line for the next free slot", untilNextSlot(),
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
    private Duration untilNextSlot() {
        return atLeast(Duration.between(clock.instant(), nextSlot), QUEUE_DEFERRAL);
    }

    private static Duration atLeast(Duration wait, Duration floor) {
        return wait.compareTo(floor) < 0 ? floor : wait;
    }

    private static ContentException refused(String reason, Duration retryAfter, @Nullable Throwable cause) {
        return new ContentException(Kind.RATE_LIMITED, "no Gemini call permit: " + reason,
                retryAfter.isZero() ? null : retryAfter, false, Usage.NONE, cause);
    }
}
