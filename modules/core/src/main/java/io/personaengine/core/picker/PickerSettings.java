package io.personaengine.core.picker;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * The picker's knobs.
 *
 * @param recentWindow how far back "recent" posts go (24 h)
 * @param maxNewTasksPerTick cap on tasks queued by one tick, so a flood never becomes a storm
 */
public record PickerSettings(
        int commentsPerPost,
        int personaMaxActionsPerHour,
        int maxRetries,
        int maxNewTasksPerTick,
        Duration recentWindow,
        RandomDelay commentDelay) {

    public PickerSettings {
        requireNonNull(recentWindow, "recentWindow");
        requireNonNull(commentDelay, "commentDelay");
        if (commentsPerPost < 0 || personaMaxActionsPerHour < 0 || maxRetries < 0 || maxNewTasksPerTick < 0) {
            throw new IllegalArgumentException("picker limits cannot be negative");
        }
    }

    public static PickerSettings defaults() {
        return new PickerSettings(
                3, 6, 3, 200, Duration.ofHours(24), new RandomDelay(Duration.ofMinutes(15), Duration.ofHours(2)));
    }
}
