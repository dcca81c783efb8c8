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
 * combination whose tasks are gone reads 0 rather than vanishing. The counts come from one
 * {@code GROUP BY} at most every {@link #MAX_AGE}, read before a scrape ({@link #refresh()}), never
 * while Micrometer reads the gauges. A failed read makes them NaN (unknown) until the next
 * succeeds; a slow one keeps the last counts for up to {@link #STALE}.
 */
final class QueueGauges implements AutoCloseable {

    static final Duration MAX_AGE = Duration.ofSeconds(5);
    static final Duration WAIT = Duration.ofSeconds(1);
    static final Duration STALE = Duration.ofSeconds(30);

    private static final Logger log = LoggerFactory.getLogger(QueueGauges.class);

    /** Counts keyed {@code TYPE STATUS}, and when they were read ({@link System#nanoTime()}). */
    private record Snapshot(@Nullable Map<String, Integer> counts, long readAt) {}

    private final CoalescedRead<Snapshot> read;
    private volatile @Nullable Snapshot last;

    QueueGauges(MeterRegistry registry, String nodeId, Supplier<List<QueueCount>> query) {
        requireNonNull(query, "query");
        this.read = new CoalescedRead<>("metrics-queue-" + nodeId, () -> {
            Map<String, Integer> counts = new HashMap<>();
            for (QueueCount count : query.get()) {
                counts.put(count.type() + " " + count.status(), count.count());
            }
            Snapshot snapshot = new Snapshot(counts, System.nanoTime());
            last = snapshot;
            return snapshot;
        });
        for (TaskType type : TaskType.values()) {
            for (TaskStatus status : TaskStatus.values()) {
                String key = type.name() + " " + status.name();
                Gauge.builder("persona_engine.tasks", this, gauges -> gauges.value(key))
                        .description("Tasks of the whole cluster by type and status, read from the database")
                        .tag("type", type.name())
                        .tag("status", status.name())
                        .register(registry);
            }
        }
    }

    static QueueGauges of(MeterRegistry registry, String nodeId, StatusQueries queries) {
        return new QueueGauges(registry, nodeId, queries::queue);
    }

    /** Reads the counts again when they are older than {@link #MAX_AGE}, waiting at most {@link #WAIT}. */
    void refresh() {
        Snapshot current = last;
        if (current != null && current.counts() != null && age(current).compareTo(MAX_AGE) < 0) {
            return;
        }
        try {
            read.get(WAIT);
        } catch (TimeoutException e) {
            log.debug("task counts took longer than {} ms; the last ones stand", WAIT.toMillis());
        } catch (ExecutionException e) {
            last = new Snapshot(null, System.nanoTime());
            log.debug("task counts could not be read", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) { // rejected after close
            log.debug("task counts not read", e);
        }
    }

    private double value(String key) {
        Snapshot current = last;
        if (current == null || current.counts() == null || age(current).compareTo(STALE) > 0) {
            return Double.NaN;
        }
        return current.counts().getOrDefault(key, 0);
    }

    private static Duration age(Snapshot snapshot) {
        return Duration.ofNanos(System.nanoTime() - snapshot.readAt());
    }

    @Override
    public void close() {
        read.close();
    }
}
