package io.personaengine.node.quartz;

import static java.util.Objects.requireNonNull;

import io.personaengine.core.runner.TaskRunner;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's own runner tick and lease keeper. A clustered Quartz trigger fires on one node at a
 * time, so claiming through the {@code task-runner} job would leave the other nodes idle under a
 * backlog; every node therefore claims on its own, every tick, unless the cluster has paused
 * {@code task-runner} (trigger state in the database) or this node is in standby. The job itself
 * rescues abandoned claims once per tick for the cluster. Leases of running tasks are renewed
 * every third of the lease, until {@link #close()}.
 */
public final class RunnerLoop implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RunnerLoop.class);

    private final TaskRunner runner;
    private final ClusterScheduler cluster;
    private final Duration tick;
    private final Duration lease;
    private final ScheduledExecutorService timer;
    private @Nullable ScheduledFuture<?> polling;

    public RunnerLoop(TaskRunner runner, ClusterScheduler cluster, String nodeId, Duration tick, Duration lease) {
        this.runner = requireNonNull(runner, "runner");
        this.cluster = requireNonNull(cluster, "cluster");
        this.tick = requireNonNull(tick, "tick");
        this.lease = requireNonNull(lease, "lease");
        this.timer = Executors.newScheduledThreadPool(1, r -> {
            Thread thread = new Thread(r, "runner-" + nodeId);
            thread.setDaemon(true);
            return thread;
        });
    }

    public synchronized void start() {
        long renewMillis = Math.max(lease.toMillis() / 3, 100);
        timer.scheduleWithFixedDelay(this::renew, renewMillis, renewMillis, TimeUnit.MILLISECONDS);
        polling = timer.scheduleWithFixedDelay(this::poll, tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** No more claims from this loop; leases keep being renewed while running tasks drain. */
    public synchronized void stopPolling() {
        if (polling != null) {
            polling.cancel(false);
        }
    }

    private void poll() {
        try {
            if (!cluster.runnerPaused()) {
                runner.runOnce();
            }
        } catch (RuntimeException e) {
            log.warn("runner poll failed; polling again in {} ms", tick.toMillis(), e);
        }
    }

    private void renew() {
        try {
            runner.renewLeases();
        } catch (RuntimeException e) {
            log.warn("could not renew leases; trying again in {} ms, before they lapse", lease.toMillis() / 3, e);
        }
    }

    /** Stops polling and renewing. Idempotent. */
    @Override
    public void close() {
        timer.shutdownNow();
    }
}
