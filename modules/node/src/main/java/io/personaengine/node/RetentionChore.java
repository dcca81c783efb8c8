package io.personaengine.node;

import static java.util.Objects.requireNonNull;

import io.personaengine.node.config.Durations;
import io.personaengine.store.Retention;
import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Purges finished tasks past {@code TASK_RETENTION}: one bounded {@link Retention#purge} per run,
 * called from the cluster's housekeeping, which the {@code task-runner} job fires on one node per tick.
 *
 * <p>Quiet by design: each purge that deleted something is logged at debug; at info, at most once
 * an hour, what was deleted since the last such line, and once when expired tasks start to exceed
 * what one purge takes (they then leave over the following ticks).
 */
final class RetentionChore implements Runnable {

    static final Duration SUMMARY_EVERY = Duration.ofHours(1);

    private static final Logger log = LoggerFactory.getLogger(RetentionChore.class);

    private final Supplier<Retention.Purge> purge;
    private final Duration retention;
    private final LongSupplier nanoTime;
    private long lastSummary;
    private long deletedSinceSummary;
    private boolean backlog;

    /** @param nanoTime a monotonic clock in nanoseconds, for the hourly summary */
    RetentionChore(Supplier<Retention.Purge> purge, Duration retention, LongSupplier nanoTime) {
        this.purge = requireNonNull(purge, "purge");
        this.retention = requireNonNull(retention, "retention");
        this.nanoTime = requireNonNull(nanoTime, "nanoTime");
        this.lastSummary = nanoTime.getAsLong();
    }

    /** The production chore: default batch and statements per tick. */
    static RetentionChore of(Retention retention, Duration keep) {
        return new RetentionChore(() -> retention.purge(keep, Retention.DEFAULT_BATCH, Retention.DEFAULT_MAX_BATCHES),
                keep, System::nanoTime);
    }

    @Override
    public synchronized void run() {
        Retention.Purge done = purge.get();
        String horizon = Durations.format(retention);
        if (done.deleted() > 0) {
            log.debug("purged {} finished task(s) older than {} in {} statement(s)", done.deleted(), horizon,
                    done.statements());
        }
        if (done.more() && !backlog) {
            log.info("more finished tasks are older than {} (TASK_RETENTION) than one purge takes ({} a tick); "
                    + "they leave over the next ticks", horizon, done.deleted());
        }
        backlog = done.more();
        deletedSinceSummary += done.deleted();
        long now = nanoTime.getAsLong();
        if (now - lastSummary >= SUMMARY_EVERY.toNanos()) {
            if (deletedSinceSummary > 0) {
                log.info("purged {} finished task(s) older than {} (TASK_RETENTION) in the last {}",
                        deletedSinceSummary, horizon, Durations.format(Duration.ofNanos(now - lastSummary)
                                .truncatedTo(java.time.temporal.ChronoUnit.MINUTES)));
            }
            deletedSinceSummary = 0;
            lastSummary = now;
        }
    }
}
