package io.personaengine.gemini.guard;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.personaengine.core.content.ContentException;
import io.personaengine.core.content.ContentException.Kind;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Resilience4j retry of one Gemini call: a few attempts with jittered exponential backoff, on
 * {@link Kind#UNAVAILABLE} only (503, 500, 504, a dropped connection). Never on a 429, which pauses
 * the cluster instead, nor on a refusal, a blocked prompt or an unusable answer, which asking again
 * will not fix. Decided on the failure's kind, never on its message.
 */
final class BriefOutageRetry {

    private static final Logger log = LoggerFactory.getLogger(BriefOutageRetry.class);
    private static final double MULTIPLIER = 2.0;
    private static final double JITTER = 0.5;
    private static final Duration LONGEST_BACKOFF = Duration.ofSeconds(10);

    private BriefOutageRetry() {}

    static Retry create(GuardSettings settings) {
        RetryConfig config = RetryConfig.custom()
                .maxAttempts(settings.maxAttempts())
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(
                        settings.firstBackoff(), MULTIPLIER, JITTER, LONGEST_BACKOFF))
                .retryOnException(BriefOutageRetry::briefOutage)
                .build();
        Retry retry = Retry.of("gemini-brief-outage", config);
        retry.getEventPublisher().onRetry(event -> log.info("Gemini call failed ({}); attempt {} of {} in {} ms",
                event.getLastThrowable() == null ? "?" : event.getLastThrowable().getMessage(),
                event.getNumberOfRetryAttempts() + 1, settings.maxAttempts(), event.getWaitInterval().toMillis()));
        return retry;
    }

    static boolean briefOutage(Throwable failure) {
        return failure instanceof ContentException content && content.kind() == Kind.UNAVAILABLE;
    }
}
