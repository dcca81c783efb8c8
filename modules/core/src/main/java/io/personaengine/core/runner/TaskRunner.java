package io.personaengine.core.runner;

import static java.util.Objects.requireNonNull;

import io.personaengine.core.content.Usage;
import io.personaengine.core.task.ClaimBatch;
import io.personaengine.core.task.ClaimedTask;
import io.personaengine.core.task.Outcome;
import io.personaengine.core.task.TaskStore;
import io.personaengine.core.task.TaskType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims due tasks and executes them on this node's workers. {@link #runOnce()} is one claim: it
 * never takes more than it can start now (free workers; the store also caps it by the persona limits
 * and the Gemini budget), so claimed tasks do not wait in a local queue while other nodes sit idle.
 *
 * <p>The runner owns its executor: {@link #close(Duration)} stops claiming, waits for running tasks
 * up to the given bound, then interrupts the rest (their leases hand them back to the cluster).
 */
public final class TaskRunner implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TaskRunner.class);

    private final TaskStore store;
    private final Map<TaskType, ActionHandler> handlers;
    private final RunnerSettings settings;
    private final String nodeId;
    private final ExecutorService workers;
    private final RandomGenerator random;
    private final RunnerListener listener;
    private volatile Runnable workerFreed = () -> {};
    private final Map<UUID, ClaimedTask> running = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public TaskRunner(
            TaskStore store,
            Map<TaskType, ActionHandler> handlers,
            RunnerSettings settings,
            String nodeId,
            ExecutorService workers,
            RandomGenerator random,
            RunnerListener listener) {
        this.store = requireNonNull(store, "store");
        this.handlers = Map.copyOf(handlers);
        this.settings = requireNonNull(settings, "settings");
        this.nodeId = requireNonNull(nodeId, "nodeId");
        this.workers = requireNonNull(workers, "workers");
        this.random = requireNonNull(random, "random");
        this.listener = requireNonNull(listener, "listener");
    }

    /** Runs {@code action} on a worker thread each time a task ends here and its worker frees. */
    public void onWorkerFreed(Runnable action) {
        this.workerFreed = requireNonNull(action, "action");
    }

    /**
     * Hands back the claims of dead or stalled nodes and of expired leases, for the whole cluster.
     * Every node calls it with its heartbeat; a claim being rescued elsewhere is skipped.
     *
     * @return how many tasks were rescued
     */
    public int rescue() {
        int rescued = store.rescue();
        if (rescued > 0) {
            log.warn("rescued {} task(s) of dead nodes or with expired leases; they are pending again", rescued);
            listener.rescued(rescued);
        }
        return rescued;
    }

    /**
     * One claim of this node: takes as many due tasks as there are free workers (at most
     * {@code maxTasksPerTick}) and starts them. The store leaves out tasks of personas at their hourly
     * limit and tasks beyond the cluster's call budget.
     */
    public synchronized Refill runOnce() {
        if (closed) {
            return new Refill(0, ClaimBatch.NONE);
        }
        int limit = Math.min(settings.maxTasksPerTick(), freeWorkers());
        if (limit <= 0) {
            return new Refill(0, ClaimBatch.NONE);
        }
        ClaimBatch batch = store.claimDue(nodeId, limit, settings.lease());
        for (ClaimedTask task : batch.tasks()) {
            TaskMdc mdc = TaskMdc.open(task, nodeId);
            try {
                listener.claimed(task);
                running.put(task.claimToken(), task);
                workers.execute(() -> runClaimed(task));
            } catch (RejectedExecutionException e) {
                running.remove(task.claimToken());
                store.release(List.of(task), "node stopping before the task could start");
            } finally {
                mdc.close();
            }
        }
        return new Refill(limit, batch);
    }

    /**
     * What one {@link #runOnce()} did.
     *
     * @param asked how many tasks it asked for (0 when no worker was free)
     */
    public record Refill(int asked, ClaimBatch batch) {

        public int claimed() {
            return batch.tasks().size();
        }

        /** True when it took all it asked for: more may be due as soon as a worker frees. */
        public boolean filled() {
            return asked > 0 && claimed() == asked;
        }
    }

    /** Tasks being executed on this node now. */
    public int inFlight() {
        return running.size();
    }

    /** Workers with nothing to do now. */
    public int freeWorkers() {
        return Math.max(0, settings.maxConcurrentTasks() - running.size());
    }

    /**
     * Extends the leases of the tasks running here; call it well within the lease (a third of it).
     * A claim that comes back lost was rescued elsewhere: the task keeps running, but its fenced
     * completion will be refused, so nothing is published twice.
     */
    public void renewLeases() {
        List<ClaimedTask> held = List.copyOf(running.values());
        if (held.isEmpty()) {
            return;
        }
        Set<UUID> kept = store.extendLeases(held, settings.lease());
        for (ClaimedTask task : held) {
            if (!kept.contains(task.claimToken()) && running.containsKey(task.claimToken())) {
                TaskMdc mdc = TaskMdc.open(task, nodeId);
                try {
                    log.warn("task {}: this node lost its claim while running it; its result will not be recorded",
                            task.id());
                } finally {
                    mdc.close();
                }
            }
        }
    }

    /**
     * Executes one claimed task on the calling thread and records its outcome, with the task's
     * {@link TaskMdc} keys set meanwhile.
     */
    public Outcome execute(ClaimedTask task) {
        TaskMdc mdc = TaskMdc.open(task, nodeId);
        try {
            Outcome outcome = attempt(task);
            boolean applied = apply(task, outcome);
            listener.finished(task, outcome, applied);
            return outcome;
        } finally {
            mdc.close();
        }
    }

    private void runClaimed(ClaimedTask task) {
        TaskMdc mdc = TaskMdc.open(task, nodeId);
        try {
            execute(task);
        } catch (RuntimeException e) {
            if (closed) {
                // a worker that outlived the shutdown grace: its claim was already handed back
                log.info("task {}: finished after this node stopped; its claim was handed back, nothing recorded",
                        task.id());
            } else {
                recordFailure(task, e);
            }
        } finally {
            running.remove(task.claimToken());
            mdc.close();
            workerFreed.run(); // after the task's keys are gone: it may wake another claim
        }
    }

    // The outcome could not be written (say, the effect breaks a constraint): count it as a failed
    // attempt, so a task that can never be recorded ends FAILED instead of coming back forever.
    private void recordFailure(ClaimedTask task, RuntimeException cause) {
        String reason = "could not record the outcome: " + cause;
        try {
            boolean recorded = task.lastTry() ? store.fail(task, "gave up: " + reason, Usage.NONE)
                    : store.retry(task, settings.retryBackoff().delay(task.retryCount(), random), reason, Usage.NONE);
            log.error("task {}: {}; {}", task.id(), reason, recorded ? "counted as a failed attempt"
                    : "the claim was already gone", cause);
        } catch (RuntimeException again) {
            log.error("task {}: {}; recording that failed too, its lease will hand it back", task.id(), reason,
                    again);
        }
    }

    private Outcome attempt(ClaimedTask task) {
        ActionHandler handler = handlers.get(task.type());
        if (handler == null) {
            return new Outcome.Failed("no handler for task type " + task.type() + " on this node",
                    Usage.NONE);
        }
        try {
            return handler.handle(task);
        } catch (RuntimeException e) {
            log.warn("task {}: handler threw; will count it as a failed attempt", task.id(), e);
            return new Outcome.Retry("unexpected error: " + e, Usage.NONE);
        }
    }

    private boolean apply(ClaimedTask task, Outcome outcome) {
        // Java 17: no pattern matching for switch yet; Outcome is sealed, so this chain is complete
        if (outcome instanceof Outcome.Done done) {
            return store.complete(task, done.effect(), done.usage()).isPresent();
        }
        if (outcome instanceof Outcome.Defer defer) {
            Duration delay = defer.delay().orElse(settings.defaultDeferral());
            return store.defer(task, delay, defer.reason(), defer.usage());
        }
        if (outcome instanceof Outcome.Retry retry && !task.lastTry()) {
            Duration backoff = settings.retryBackoff().delay(task.retryCount(), random);
            return store.retry(task, backoff, retry.reason(), retry.usage());
        }
        if (outcome instanceof Outcome.Retry retry) {
            String reason = "gave up after " + (task.retryCount() + 1) + " attempts: " + retry.reason();
            return store.fail(task, reason, retry.usage());
        }
        Outcome.Failed failed = (Outcome.Failed) outcome;
        return store.fail(task, failed.reason(), failed.usage());
    }

    /**
     * Stops claiming, waits up to {@code grace} for running tasks, then interrupts the rest and hands
     * their claims back to the cluster at once (no retry used). Idempotent.
     */
    public void close(Duration grace) {
        synchronized (this) {
            closed = true;
        }
        workers.shutdown();
        try {
            if (!workers.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
        List<ClaimedTask> unfinished = List.copyOf(running.values());
        if (!unfinished.isEmpty()) {
            int released = store.release(unfinished, "node stopped before the task finished");
            log.warn("{} task(s) still running after {}; handed {} back to the cluster", unfinished.size(), grace,
                    released);
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }
}
