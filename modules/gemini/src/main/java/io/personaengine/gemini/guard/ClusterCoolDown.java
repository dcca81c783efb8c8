package io.personaengine.gemini.guard;

import static java.util.Objects.requireNonNull;

import io.personaengine.core.content.CallPermits;
import io.personaengine.core.content.ContentException;
import io.personaengine.core.content.ContentException.Kind;
import java.time.Duration;
import java.time.ZoneId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a 429 (RESOURCE_EXHAUSTED) into a pause of the whole cluster: for the server's
 * {@code RetryInfo} delay, until the daily quota resets at midnight in Los Angeles, or for a default
 * when the server named no delay. A refused key or model (401, 403, 404) pauses the model too, for
 * the outage pause: nothing can succeed until an operator acts, and the first call after the pause
 * checks whether they have. The failure then carries the pause as its retry delay, so its task waits
 * exactly as long as everyone else.
 */
final class ClusterCoolDown {

    /** Gemini's per-day quotas reset at midnight Pacific time. */
    static final ZoneId QUOTA_RESET_ZONE = ZoneId.of("America/Los_Angeles");

    private static final Logger log = LoggerFactory.getLogger(ClusterCoolDown.class);

    private final CallPermits permits;
    private final Duration pauseWithoutDelay;
    private final Duration outagePause;

    ClusterCoolDown(CallPermits permits, Duration pauseWithoutDelay, Duration outagePause) {
        this.permits = requireNonNull(permits, "permits");
        this.pauseWithoutDelay = requireNonNull(pauseWithoutDelay, "pauseWithoutDelay");
        this.outagePause = requireNonNull(outagePause, "outagePause");
    }

    /**
     * What to throw after upstream refused a call to {@code model}: for a 429, the same failure with the
     * cluster's pause as its retry delay; anything else unchanged.
     */
    ContentException after(String model, ContentException failure) {
        if (failure.kind() == Kind.OUTAGE) {
            return afterOutage(model, failure);
        }
        if (failure.kind() != Kind.RATE_LIMITED) {
            return failure;
        }
        Duration paused;
        try {
            paused = pause(model, failure);
        } catch (RuntimeException e) {
            log.warn("Gemini answered 429 for {}, but the cluster-wide pause could not be recorded; "
                    + "only this task will wait", model, e);
            return failure;
        }
        if (!failure.dailyQuota()) {
            try {
                permits.rateLimited(model); // the cluster sends faster than upstream takes: lower the rate too
            } catch (RuntimeException e) {
                log.warn("Gemini answered 429 for {}, but the cluster's rate could not be lowered", model, e);
            }
        }
        log.warn("Gemini answered 429 for {}{}: calls to it are paused on every node for {} s",
                model, failure.dailyQuota() ? " (daily quota spent)" : "", paused.toSeconds());
        return new ContentException(Kind.RATE_LIMITED, failure.getMessage(), paused, failure.dailyQuota(),
                failure.usage(), failure);
    }

    private ContentException afterOutage(String model, ContentException failure) {
        Duration paused;
        try {
            paused = permits.coolDown(model, outagePause, "Gemini refuses the key or the model: "
                    + failure.getMessage() + "; checking again every " + outagePause.toSeconds() + " s");
        } catch (RuntimeException e) {
            log.warn("Gemini refused {} ({}), but the cluster-wide pause could not be recorded; only this task "
                    + "will wait", model, failure.getMessage(), e);
            return new ContentException(Kind.OUTAGE, failure.getMessage(), outagePause, false, failure.usage(),
                    failure);
        }
        log.error("Gemini refuses the key or the model {} ({}): calls to it are paused on every node; tasks stay "
                + "pending, no retry used; checking again in {} s", model, failure.getMessage(), paused.toSeconds());
        return new ContentException(Kind.OUTAGE, failure.getMessage(), paused, false, failure.usage(), failure);
    }

    private Duration pause(String model, ContentException failure) {
        if (failure.dailyQuota()) {
            return permits.coolDownUntilMidnight(model, QUOTA_RESET_ZONE,
                    "Gemini's daily quota is spent; it resets at midnight " + QUOTA_RESET_ZONE);
        }
        if (failure.retryAfter().isPresent()) {
            Duration delay = failure.retryAfter().get();
            return permits.coolDown(model, delay, "Gemini answered 429 and asked for " + delay.toMillis() + " ms of rest");
        }
        return permits.coolDown(model, pauseWithoutDelay,
                "Gemini answered 429 without a retry delay; resting " + pauseWithoutDelay.toSeconds() + " s");
    }
}
