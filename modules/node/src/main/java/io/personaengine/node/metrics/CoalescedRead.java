package io.personaengine.node.metrics;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * A database read run on a thread of its own, so a caller waits only as long as it chooses even
 * when the pool hangs for its whole connection timeout. Callers that arrive while a read runs share
 * it instead of starting another: a storm of requests costs one read at a time, and a read stuck on
 * a dead database holds one thread, never more. Thread-safe.
 */
public final class CoalescedRead<T> implements AutoCloseable {

    private final Callable<T> read;
    private final ExecutorService thread;
    private @Nullable CompletableFuture<T> running;

    /** @param threadName the name of the daemon thread that runs the reads */
    public CoalescedRead(String threadName, Callable<T> read) {
        this.read = requireNonNull(read, "read");
        requireNonNull(threadName, "threadName");
        this.thread = Executors.newSingleThreadExecutor(runnable -> {
            Thread t = new Thread(runnable, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * The result of the read that runs now, started for this call if none was running.
     *
     * @throws TimeoutException when it did not finish within {@code timeout}; it goes on, and a later
     *     call may share it
     * @throws ExecutionException when the read failed; its cause is the read's exception
     */
    public T get(Duration timeout) throws TimeoutException, ExecutionException, InterruptedException {
        return start().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    private synchronized CompletableFuture<T> start() {
        CompletableFuture<T> current = running;
        if (current == null || current.isDone()) {
            CompletableFuture<T> next = new CompletableFuture<>();
            thread.execute(() -> {
                try {
                    next.complete(read.call());
                } catch (Throwable e) {
                    next.completeExceptionally(e);
                }
            });
            running = next;
            current = next;
        }
        return current;
    }

    /** Interrupts a read that still runs; later calls fail with a rejected execution. */
    @Override
    public void close() {
        thread.shutdownNow();
    }
}
