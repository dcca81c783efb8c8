package io.personaengine.core.runner;

import io.personaengine.core.task.ClaimedTask;
import io.personaengine.core.task.Outcome;

/** Hears what the runner does; the node turns it into logs, metrics and progress. Thread-safe. */
public interface RunnerListener {

    RunnerListener NONE = new RunnerListener() {};

    default void claimed(ClaimedTask task) {}

    /** @param applied false when the claim was lost before the outcome could be recorded */
    default void finished(ClaimedTask task, Outcome outcome, boolean applied) {}
}
