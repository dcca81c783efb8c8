package io.personaengine.core.runner;

import io.personaengine.core.task.ClaimedTask;
import io.personaengine.core.task.Outcome;

/**
 * Executes one type of persona task. Handlers are called from several worker threads at once and
 * must not write to the forum themselves: they return an {@link Outcome} whose effect the store
 * publishes atomically with the task's completion.
 */
public interface ActionHandler {

    /**
     * Produces the outcome of one attempt. Expected failures (bad content, upstream trouble,
     * a deleted target) are outcomes; an exception is treated as a retryable bug.
     */
    Outcome handle(ClaimedTask task);
}
