package io.personaengine.core.runner;

import static java.util.Objects.requireNonNull;

import io.personaengine.core.content.Usage;
import io.personaengine.core.task.ClaimedTask;
import io.personaengine.core.task.Outcome;
import io.personaengine.core.task.TaskStore;
import io.personaengine.core.task.TaskType;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims due tasks and executes them on this node's workers. {@link #runOnce()} is one tick: it
 * never claims more than it can start now, so claimed tasks do not wait in a local queue while
 * other nodes sit idle.
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
    private final AtomicInteger inFlight = new AtomicInteger();
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
        this.handlers = new EnumMap<>(handlers);
        this.settings = requireNonNull(settings, "settings");
        this.nodeId = requireNonNull(nodeId, "nodeId");
        this.workers = requireNonNull(workers, "workers");
        this.random = requireNonNull(random, "random");
        this.listener = requireNonNull(listener, "listener");
    }

    /**
     * One tick: rescues expired claims, then claims as many due tasks as there are free workers
     * (at most {@code maxTasksPerTick}) and starts them.
     *
     * @return how many tasks were claimed
     */
    public int runOnce() {
        if (closed) {
            return 0;
        }
        int rescued = store.rescueExpired();
        if (rescued > 0) {
            log.warn("rescued {} task(s) whose lease expired; they are pending again", rescued);
        }
        int free = settings.maxConcurrentTasks() - inFlight.get();
        int limit = Math.min(settings.maxTasksPerTick(), free);
        if (limit <= 0) {
            return 0;
        }
        List<ClaimedTask> claimed = store.claimDue(nodeId, limit, settings.lease());
        for (ClaimedTask task : claimed) {
            listener.claimed(task);
            inFlight.incrementAndGet();
            try {
                workers.execute(() -> runClaimed(task));
            } catch (RejectedExecutionException e) {
                inFlight.decrementAndGet();
                log.warn("workers stopped; task {} goes back when its lease expires", task.id());
            }
        }
        return claimed.size();
    }

    /** Tasks being executed on this node now. */
    public int inFlight() {
        return inFlight.get();
    }

    /** Executes one claimed task on the calling thread and records its outcome. */
    public Outcome execute(ClaimedTask task) {
        Outcome outcome = attempt(task);
        boolean applied = apply(task, outcome);
        listener.finished(task, outcome, applied);
        return outcome;
    }

    private void runClaimed(ClaimedTask task) {
        try {
            execute(task);
        } catch (RuntimeException e) {
            log.error("task {}: could not record its outcome; its lease will hand it back", task.id(), e);
        } finally {
            inFlight.decrementAndGet();
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

    /** Stops claiming, waits up to {@code grace} for running tasks, then interrupts them. */
    public void close(Duration grace) {
        closed = true;
        workers.shutdown();
        try {
            if (!workers.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("{} task(s) still running after {}; interrupting, their leases hand them back",
                        inFlight.get(), grace);
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }
}
