package io.personaengine.core.runner;

import io.personaengine.core.task.ClaimedTask;
import io.personaengine.core.task.Outcome;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Hears what the runner does; the node turns it into logs, metrics and progress. Thread-safe. */
public interface RunnerListener {

    RunnerListener NONE = new RunnerListener() {};

    default void claimed(ClaimedTask task) {}

    /** @param applied false when the claim was lost before the outcome could be recorded */
    default void finished(ClaimedTask task, Outcome outcome, boolean applied) {}

    /** This node handed {@code count} (at least 1) lost tasks of the cluster back to PENDING. */
    default void rescued(int count) {}

    /** Tells each of {@code listeners}, in order; one that throws does not keep the others from hearing. */
    static RunnerListener all(List<RunnerListener> listeners) {
        List<RunnerListener> copy = List.copyOf(listeners);
        return new RunnerListener() {
            @Override
            public void claimed(ClaimedTask task) {
                copy.forEach(l -> quietly(() -> l.claimed(task)));
            }

            @Override
            public void finished(ClaimedTask task, Outcome outcome, boolean applied) {
                copy.forEach(l -> quietly(() -> l.finished(task, outcome, applied)));
            }

            @Override
            public void rescued(int count) {
                copy.forEach(l -> quietly(() -> l.rescued(count)));
            }
        };
    }

    private static void quietly(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(RunnerListener.class).warn("a runner listener failed", e);
        }
    }
}
