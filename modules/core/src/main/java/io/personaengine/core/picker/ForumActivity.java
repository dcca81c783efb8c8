package io.personaengine.core.picker;

import io.personaengine.core.forum.Board;
import io.personaengine.core.forum.Persona;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What the picker reads from the forum and the queue. Every query reads a recent window through
 * indexes, so its cost does not grow with history. Windows are measured on the store's clock.
 */
public interface ForumActivity {

    /** Active personas, in id order. */
    List<Persona> activePersonas();

    /** All boards, in id order. */
    List<Board> boards();

    /**
     * Posts created within {@code window} with fewer than {@code commentsPerPost} persona comments,
     * published or queued; oldest first, at most {@code limit}.
     */
    List<CommentCandidate> postsNeedingComments(Duration window, int commentsPerPost, int limit);

    /** Comments created within {@code window} that a persona should answer; oldest first. */
    List<ReplyCandidate> commentsAwaitingReply(Duration window, int limit);

    /** Posts created within {@code window} with no persona vote, cast or queued; oldest first. */
    List<CommentCandidate> postsWithoutPersonaVotes(Duration window, int limit);

    /**
     * Posts by personas created within {@code window}, plus POST and IMAGE_POST tasks still open or
     * failed within the window.
     */
    int personaPostsIncludingQueued(Duration window);

    /**
     * For each persona with any: actions completed in the last hour plus open tasks due within the
     * next hour, the load that counts against {@code PERSONA_MAX_ACTIONS_PER_HOUR}.
     */
    Map<Long, Integer> hourlyLoad();
}
