package io.personaengine.core.task;

import static java.util.Objects.requireNonNull;

import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A task this node holds. {@link #claimToken} is the fencing token: every later transition
 * presents it, and a node whose claim was rescued or taken over can no longer change the task.
 *
 * @param retryCount failed attempts so far that counted against {@link #maxRetries}
 * @param attemptNo this execution's number, starting at 1 (deferrals and rescues count too)
 */
public record ClaimedTask(
        long id,
        long personaId,
        TaskType type,
        @Nullable Long postId,
        @Nullable Long commentId,
        @Nullable Long boardId,
        int retryCount,
        int maxRetries,
        int attemptNo,
        String nodeId,
        UUID claimToken) {

    public ClaimedTask {
        requireNonNull(type, "type");
        requireNonNull(nodeId, "nodeId");
        requireNonNull(claimToken, "claimToken");
    }

    /** True when one more failure would exhaust the retries. */
    public boolean lastTry() {
        return retryCount >= maxRetries;
    }

    /** The post of a COMMENT, VOTE or REPLY task. */
    public long requirePostId() {
        if (postId == null) {
            throw new IllegalStateException(type + " task " + id + " has no post");
        }
        return postId;
    }
}
