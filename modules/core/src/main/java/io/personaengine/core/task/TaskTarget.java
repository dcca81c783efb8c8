package io.personaengine.core.task;

import org.jspecify.annotations.Nullable;

/** Which target columns each task type needs, and which of them identifies the task. */
final class TaskTarget {

    private TaskTarget() {}

    static void check(TaskType type, @Nullable Long postId, @Nullable Long commentId, @Nullable Long boardId) {
        boolean valid = switch (type) {
            case COMMENT, VOTE -> postId != null;
            case REPLY -> postId != null && commentId != null;
            case POST, IMAGE_POST -> boardId != null;
        };
        if (!valid) {
            throw new IllegalArgumentException(type + " task lacks its target: post=" + postId
                    + ", comment=" + commentId + ", board=" + boardId);
        }
    }

    static long key(TaskType type, @Nullable Long postId, @Nullable Long commentId, @Nullable Long boardId) {
        Long key = switch (type) {
            case COMMENT, VOTE -> postId;
            case REPLY -> commentId;
            case POST, IMAGE_POST -> boardId;
        };
        if (key == null) {
            throw new IllegalArgumentException(type + " task lacks its target");
        }
        return key;
    }
}
