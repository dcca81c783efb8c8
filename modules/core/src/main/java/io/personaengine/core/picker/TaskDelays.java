package io.personaengine.core.picker;

import static java.util.Objects.requireNonNull;

import io.personaengine.core.task.TaskType;
import java.time.Duration;

/** The random delay range of each task type ({@code DELAY_*}). */
public record TaskDelays(
        RandomDelay comment, RandomDelay reply, RandomDelay vote, RandomDelay post, RandomDelay imagePost) {

    public TaskDelays {
        requireNonNull(comment, "comment");
        requireNonNull(reply, "reply");
        requireNonNull(vote, "vote");
        requireNonNull(post, "post");
        requireNonNull(imagePost, "imagePost");
    }

    /** The contract's defaults: 15m..2h, 5m..1h, 1m..30m, 1h..6h, 2h..8h. */
    public static TaskDelays defaults() {
        return new TaskDelays(range(15, 120), range(5, 60), range(1, 30), range(60, 360), range(120, 480));
    }

    public RandomDelay of(TaskType type) {
        return switch (type) {
            case COMMENT -> comment;
            case REPLY -> reply;
            case VOTE -> vote;
            case POST -> post;
            case IMAGE_POST -> imagePost;
        };
    }

    private static RandomDelay range(long minMinutes, long maxMinutes) {
        return new RandomDelay(Duration.ofMinutes(minMinutes), Duration.ofMinutes(maxMinutes));
    }
}
