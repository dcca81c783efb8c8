package io.personaengine.core.picker;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * The picker's knobs.
 *
 * @param imagePostOneInTicks about one tick in this many queues an image post; 0 never does
 * @param recentWindow how far back "recent" posts and comments go (24 h)
 * @param maxNewTasksPerTick cap on tasks queued by one tick, so a flood never becomes a storm
 */
public record PickerSettings(
        int commentsPerPost,
        int postsPerDay,
        int imagePostOneInTicks,
        int personaMaxActionsPerHour,
        int maxRetries,
        int maxNewTasksPerTick,
        Duration recentWindow,
        TaskDelays delays) {

    public PickerSettings {
        requireNonNull(recentWindow, "recentWindow");
        requireNonNull(delays, "delays");
        if (commentsPerPost < 0 || postsPerDay < 0 || imagePostOneInTicks < 0 || personaMaxActionsPerHour < 0
                || maxRetries < 0 || maxNewTasksPerTick < 0) {
            throw new IllegalArgumentException("picker limits cannot be negative");
        }
    }

    public static PickerSettings defaults() {
        return new PickerSettings(3, 10, 10, 6, 3, 200, Duration.ofHours(24), TaskDelays.defaults());
    }
}
