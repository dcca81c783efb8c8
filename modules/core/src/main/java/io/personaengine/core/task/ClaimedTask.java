package io.personaengine.core.task;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A task this node holds. {@link #claimToken} is the fencing token: every later transition
 * presents it, and a node whose claim was rescued or taken over can no longer change the task.
 *
 * @param retryCount failed attempts so far that counted against {@link #maxRetries}
 * @param attemptNo this execution's number, starting at 1 (deferrals and rescues count too)
 * @param startLag from the moment the task fell due to its claim (database clock)
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
        UUID claimToken,
        Duration startLag) {

    public ClaimedTask {
        requireNonNull(type, "type");
        requireNonNull(nodeId, "nodeId");
        requireNonNull(claimToken, "claimToken");
        requireNonNull(startLag, "startLag");
    }

    /** A task claimed the moment it fell due. */
    public ClaimedTask(long id, long personaId, TaskType type, @Nullable Long postId, @Nullable Long commentId,
            @Nullable Long boardId, int retryCount, int maxRetries, int attemptNo, String nodeId, UUID claimToken) {
        this(id, personaId, type, postId, commentId, boardId, retryCount, maxRetries, attemptNo, nodeId, claimToken,
                Duration.ZERO);
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
