package io.personaengine.core.runner;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * The runner's knobs.
 *
 * @param lease how long a claim holds before another node may rescue the task
 * @param defaultDeferral how long to wait after upstream trouble when the server named no delay
 */
public record RunnerSettings(
        int maxTasksPerTick,
        int maxConcurrentTasks,
        Duration lease,
        Backoff retryBackoff,
        Duration defaultDeferral) {

    public RunnerSettings {
        requireNonNull(lease, "lease");
        requireNonNull(retryBackoff, "retryBackoff");
        requireNonNull(defaultDeferral, "defaultDeferral");
        if (maxTasksPerTick < 1 || maxConcurrentTasks < 1) {
            throw new IllegalArgumentException("runner limits must be positive");
        }
        if (lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("lease must be positive: " + lease);
        }
    }

    public static RunnerSettings defaults() {
        return new RunnerSettings(50, 8, Duration.ofSeconds(60),
                new Backoff(Duration.ofMinutes(1), Duration.ofHours(1)), Duration.ofMinutes(1));
    }
}
