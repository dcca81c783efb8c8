package io.personaengine.handlers;

import io.personaengine.core.task.ClaimedTask;
import io.personaengine.core.task.TaskType;
import java.util.UUID;

/** Claimed tasks of Ana's, one factory per task type. */
final class Tasks {

    private Tasks() {}

    static ClaimedTask comment(long postId) {
        return task(TaskType.COMMENT, postId, null, null);
    }

    static ClaimedTask reply(long postId, long commentId) {
        return task(TaskType.REPLY, postId, commentId, null);
    }

    static ClaimedTask vote(long postId) {
        return task(TaskType.VOTE, postId, null, null);
    }

    static ClaimedTask post(long boardId) {
        return task(TaskType.POST, null, null, boardId);
    }

    static ClaimedTask imagePost(long boardId) {
        return task(TaskType.IMAGE_POST, null, null, boardId);
    }

    static ClaimedTask task(TaskType type, Long postId, Long commentId, Long boardId) {
        return new ClaimedTask(5, FakeForum.ANA.id(), type, postId, commentId, boardId, 0, 3, 1, "node",
                UUID.randomUUID());
    }
}
