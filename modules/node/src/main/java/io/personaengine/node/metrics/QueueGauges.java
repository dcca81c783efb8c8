package io.personaengine.node.metrics;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.personaengine.core.task.TaskStatus;
import io.personaengine.core.task.TaskType;
import io.personaengine.store.StatusQueries;
import io.personaengine.store.StatusQueries.QueueCount;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code persona_engine_tasks{type,status}}: one gauge for every task type and status, so a
 * combination without tasks reads 0 rather than vanishing. Two counts of the whole cluster, read
 * before a scrape ({@link #refresh()}), never while Micrometer reads the gauges:
 * <ul>
 *   <li>PENDING and RUNNING: every open task, read again when older than {@link #MAX_AGE}
 *       ({@link StatusQueries#openTasks()}, on the partial indexes of open tasks);
 *   <li>DONE and FAILED: every finished task still kept ({@code TASK_RETENTION}), read again when
 *       older than {@link #FINISHED_MAX_AGE} ({@link StatusQueries#finishedTasks()}, which reads the
 *       kept history).
 * </ul>
 * Each count runs on a thread of its own, so a slow history never holds back the open tasks. A
 * failed read makes its gauges NaN (unknown) until the next succeeds; a slow one keeps the last
 * counts for up to {@link #STALE} past their age.
 */
final class QueueGauges implements AutoCloseable {

    static final Duration MAX_AGE = Duration.ofSeconds(5);
    static final Duration FINISHED_MAX_AGE = Duration.ofMinutes(1);
    static final Duration WAIT = Duration.ofSeconds(1);
    static final Duration STALE = Duration.ofSeconds(30);
    static final String DESCRIPTION = "Tasks of the whole cluster by type and status, from the database: "
            + "PENDING and RUNNING count every open task, read at most 5 s before the scrape; DONE and FAILED "
            + "count every finished task still kept (TASK_RETENTION), read at most 60 s before";

    private static final Logger log = LoggerFactory.getLogger(QueueGauges.class);

    private final Count open;
    private final Count finished;

    QueueGauges(MeterRegistry registry, String nodeId, Supplier<List<QueueCount>> openTasks,
            Supplier<List<QueueCount>> finishedTasks, Duration maxAge, Duration finishedMaxAge) {
        this.open = new Count("metrics-queue-open-" + nodeId, openTasks, maxAge);
        this.finished = new Count("metrics-queue-finished-" + nodeId, finishedTasks, finishedMaxAge);
        for (TaskType type : TaskType.values()) {
            for (TaskStatus status : TaskStatus.values()) {
                String key = type.name() + " " + status.name();
                Count count = status.open() ? open : finished;
                Gauge.builder("persona_engine.tasks", count, c -> c.value(key))
                        .description(DESCRIPTION)
                        .tag("type", type.name())
                        .tag("status", status.name())
                        .register(registry);
            }
        }
    }

    static QueueGauges of(MeterRegistry registry, String nodeId, StatusQueries queries) {
        return new QueueGauges(registry, nodeId, queries::openTasks, queries::finishedTasks, MAX_AGE,
                FINISHED_MAX_AGE);
    }

    /** Reads again whichever counts are older than their age, waiting at most {@link #WAIT} in all. */
    void refresh() {
        long deadline = System.nanoTime() + WAIT.toNanos();
        open.refresh(deadline);
        finished.refresh(deadline);
    }

    @Override
    public void close() {
        open.close();
        finished.close();
    }

    /** One query's counts, keyed {@code TYPE STATUS}, and when they were read ({@link System#nanoTime()}). */
    private record Snapshot(@Nullable Map<String, Integer> counts, long readAt) {

        Duration age() {
            return Duration.ofNanos(System.nanoTime() - readAt);
        }
    }

    /** One query, read on its own thread; its last snapshot is null counts after a failure. */
    private static final class Count implements AutoCloseable {

        private final Duration maxAge;
        private final CoalescedRead<Snapshot> read;
        private volatile @Nullable Snapshot last;

        Count(String threadName, Supplier<List<QueueCount>> query, Duration maxAge) {
            requireNonNull(query, "query");
            this.maxAge = requireNonNull(maxAge, "maxAge");
            this.read = new CoalescedRead<>(threadName, () -> {
                Snapshot snapshot;
                try {
                    Map<String, Integer> counts = new HashMap<>();
                    for (QueueCount count : query.get()) {
                        counts.put(count.type() + " " + count.status(), count.count());
                    }
                    snapshot = new Snapshot(counts, System.nanoTime());
                } catch (RuntimeException e) {
                    last = new Snapshot(null, System.nanoTime()); // also when no caller waits any more
                    throw e;
                }
                last = snapshot;
                return snapshot;
            });
        }

        void refresh(long deadline) {
            Snapshot current = last;
            if (current != null && current.counts() != null && current.age().compareTo(maxAge) < 0) {
                return;
            }
            try {
                read.get(Duration.ofNanos(deadline - System.nanoTime()));
            } catch (TimeoutException e) {
                log.debug("task counts took longer than {} ms; the last ones stand", WAIT.toMillis());
            } catch (ExecutionException e) {
                log.debug("task counts could not be read", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) { // rejected after close
                log.debug("task counts not read", e);
            }
        }

        double value(String key) {
            Snapshot current = last;
            if (current == null || current.counts() == null || current.age().compareTo(maxAge.plus(STALE)) > 0) {
                return Double.NaN;
            }
            return current.counts().getOrDefault(key, 0);
        }

        @Override
        public void close() {
            read.close();
        }
    }
}
