package io.personaengine.core.task;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * A task the picker wants queued. The store sets {@code scheduled_at} to the database's
 * {@code now()} plus {@link #delay}, so every node agrees on when it is due.
 */
public record NewTask(
        long personaId,
        TaskType type,
        @Nullable Long postId,
        @Nullable Long commentId,
        @Nullable Long boardId,
        Duration delay,
        int maxRetries) {

    public NewTask {
        requireNonNull(type, "type");
        requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay cannot be negative: " + delay);
        }
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries cannot be negative: " + maxRetries);
        }
        TaskTarget.check(type, postId, commentId, boardId);
    }

    public static NewTask comment(long personaId, long postId, Duration delay, int maxRetries) {
        return new NewTask(personaId, TaskType.COMMENT, postId, null, null, delay, maxRetries);
    }

    /** The one id that identifies the target for the unique open-task constraint. */
    public long targetKey() {
        return TaskTarget.key(type, postId, commentId, boardId);
    }
}
