package io.personaengine.store;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * The queue's rules that several nodes must apply alike.
 *
 * @param personaMaxActionsPerHour a task is claimed only while its persona's finished actions of
 *     the last hour plus its running ones leave room
 * @param maxRescues how often a task may be handed back by rescue (its node died or stalled, or
 *     its lease lapsed) before it fails: a task that keeps taking its node down must not come back
 *     forever. Counted apart from retries, which count the task's own failures.
 * @param nodeTimeout a node whose heartbeat is older than this, on the database clock, is
 *     presumed dead and its tasks are handed back
 */
public record TaskStoreSettings(int personaMaxActionsPerHour, int maxRescues, Duration nodeTimeout) {

    public TaskStoreSettings {
        requireNonNull(nodeTimeout, "nodeTimeout");
        if (personaMaxActionsPerHour < 0 || maxRescues < 1 || nodeTimeout.isNegative() || nodeTimeout.isZero()) {
            throw new IllegalArgumentException("need personaMaxActionsPerHour >= 0, maxRescues >= 1, nodeTimeout > 0");
        }
    }

    /** No persona limit, 5 rescues, nodes silent for 10 s presumed dead. */
    public static TaskStoreSettings defaults() {
        return new TaskStoreSettings(Integer.MAX_VALUE, 5, Duration.ofSeconds(10));
    }

    public TaskStoreSettings withPersonaMaxActionsPerHour(int limit) {
        return new TaskStoreSettings(limit, maxRescues, nodeTimeout);
    }

    public TaskStoreSettings withMaxRescues(int rescues) {
        return new TaskStoreSettings(personaMaxActionsPerHour, rescues, nodeTimeout);
    }

    public TaskStoreSettings withNodeTimeout(Duration timeout) {
        return new TaskStoreSettings(personaMaxActionsPerHour, maxRescues, timeout);
    }
}
