package io.personaengine.node.quartz;

import static java.util.Objects.requireNonNull;

import io.personaengine.core.runner.TaskMdc;
import io.personaengine.core.runner.TaskRunner;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * This node's claimer and lease keeper. A clustered Quartz trigger fires on one node at a time, so
 * claiming through the {@code task-runner} job would leave the other nodes idle under a backlog;
 * every node therefore claims on its own thread, unless the cluster has paused {@code task-runner}
 * or this node is in standby.
 *
 * <p>When it claims: at once after a claim that took all it asked for, as soon as a worker frees
 * (one claim per freed batch: workers that free while a claim runs are served by the next one);
 * otherwise when the earliest pending task falls due, when {@link #wake()} says tasks became
 * pending, or after one tick at the latest. When tasks are due but could not be taken (another
 * node holds them, or the Gemini budget is spent for now) it looks again after {@code recheck}. An idle
 * node thus costs one claim per tick. On threads of their own, until {@link #close()}: leases of
 * running tasks are renewed every third of the lease, and every heartbeat interval the node stamps
 * its heartbeat and hands back the tasks of nodes whose heartbeat went stale, so a dead node's
 * tasks run elsewhere within the node timeout plus a heartbeat, whatever the tick.
 */
public final class RunnerLoop implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RunnerLoop.class);

    private final TaskRunner runner;
    private final BooleanSupplier paused;
    private final Duration tick;
    private final Duration recheck;
    private final Duration lease;
    private final Duration heartbeatInterval;
    private final Runnable heartbeat;
    private final ScheduledExecutorService keeper;
    private final Thread claimer;
    private final Object signal = new Object();
    private boolean woken; // guarded by signal
    private boolean saturated; // guarded by signal: the last claim took all it asked, or no worker was free
    private volatile boolean polling = true;
    private volatile boolean closed;
    private boolean pausedNow;
    private long pauseReadAt = Long.MIN_VALUE / 2;
    private volatile boolean pauseStale; // a wake-up: read the pause state again before claiming

    /**
     * @param paused true while the cluster has paused {@code task-runner} or this node is in standby
     * @param recheck how soon to look again when due tasks could not be taken, and how stale the
     *     pause state may be (a second for the minute's budget); never more than a tick
     * @param heartbeat stamps this node's heartbeat; run every {@code heartbeatInterval}, each time
     *     followed by a rescue of the cluster's lost tasks
     */
    public RunnerLoop(TaskRunner runner, BooleanSupplier paused, String nodeId, Duration tick, Duration lease,
            Duration recheck, Duration heartbeatInterval, Runnable heartbeat) {
        this.runner = requireNonNull(runner, "runner");
        this.paused = requireNonNull(paused, "paused");
        this.tick = requireNonNull(tick, "tick");
        this.recheck = tick.compareTo(recheck) < 0 ? tick : recheck;
        this.lease = requireNonNull(lease, "lease");
        this.heartbeatInterval = requireNonNull(heartbeatInterval, "heartbeatInterval");
        this.heartbeat = requireNonNull(heartbeat, "heartbeat");
        this.keeper = Executors.newScheduledThreadPool(2, r -> {
            Thread thread = new Thread(withNode(nodeId, r), "keeper-" + nodeId);
            thread.setDaemon(true);
            return thread;
        });
        this.claimer = new Thread(withNode(nodeId, this::claimUntilStopped), "claimer-" + nodeId);
        this.claimer.setDaemon(true);
    }

    /** Every line these long-lived threads log names the node, as {@link TaskMdc#NODE}. */
    private static Runnable withNode(String nodeId, Runnable body) {
        return () -> {
            MDC.put(TaskMdc.NODE, nodeId);
            body.run();
        };
    }

    public synchronized void start() {
        long renewMillis = Math.max(lease.toMillis() / 3, 100);
        keeper.scheduleWithFixedDelay(this::renew, renewMillis, renewMillis, TimeUnit.MILLISECONDS);
        keeper.scheduleWithFixedDelay(this::beatAndRescue, heartbeatInterval.toMillis(), heartbeatInterval.toMillis(),
                TimeUnit.MILLISECONDS);
        runner.onWorkerFreed(this::workerFreed);
        claimer.start();
    }

    /** Claims at once: tasks became pending (a notification), or the runner was resumed. */
    public void wake() {
        pauseStale = true; // a pause made just before the tasks that woke us must hold
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    /** No more claims from this loop; leases keep being renewed while running tasks drain. */
    public void stopPolling() {
        polling = false;
        wake();
    }

    private void workerFreed() {
        synchronized (signal) {
            if (saturated) {
                woken = true;
                signal.notifyAll();
            }
        }
    }

    private void claimUntilStopped() {
        while (polling && !closed) {
            Duration wait;
            try {
                wait = claimOnce();
            } catch (RuntimeException e) {
                log.warn("claim failed; trying again in {} ms", tick.toMillis(), e);
                wait = tick;
            }
            if (!await(wait)) {
                return;
            }
        }
    }

    /** One claim, and how long to wait before the next unless woken. */
    private Duration claimOnce() {
        if (pausedNow()) {
            return recheck;
        }
        TaskRunner.Refill refill = runner.runOnce();
        synchronized (signal) {
            saturated = refill.asked() == 0 || refill.filled();
        }
        if (refill.filled() && runner.freeWorkers() > 0) {
            return Duration.ZERO; // more free workers than one claim may take, or one freed meanwhile
        }
        if (refill.asked() == 0 || refill.filled()) {
            return tick; // a freed worker wakes the loop
        }
        return refill.batch().nextDue()
                .map(due -> due.isZero() ? recheck : (due.compareTo(tick) < 0 ? due : tick))
                .orElse(tick);
    }

    private boolean pausedNow() {
        long now = System.nanoTime();
        if (pauseStale || now - pauseReadAt >= recheck.toNanos()) {
            pauseStale = false;
            pausedNow = paused.getAsBoolean();
            pauseReadAt = now;
        }
        return pausedNow;
    }

    /** @return false when interrupted */
    private boolean await(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        synchronized (signal) {
            try {
                long remaining;
                while (!woken && polling && !closed && (remaining = deadline - System.nanoTime()) > 0) {
                    TimeUnit.NANOSECONDS.timedWait(signal, remaining);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            woken = false;
            return true;
        }
    }

    private void beatAndRescue() {
        try {
            heartbeat.run();
            runner.rescue();
        } catch (RuntimeException e) {
            log.warn("heartbeat or rescue failed; trying again in {} ms", heartbeatInterval.toMillis(), e);
        }
    }

    private void renew() {
        try {
            runner.renewLeases();
        } catch (RuntimeException e) {
            log.warn("could not renew leases; trying again in {} ms, before they lapse", lease.toMillis() / 3, e);
        }
    }

    /** Stops claiming and renewing. Idempotent. */
    @Override
    public void close() {
        closed = true;
        wake();
        keeper.shutdownNow();
        claimer.interrupt();
    }
}
