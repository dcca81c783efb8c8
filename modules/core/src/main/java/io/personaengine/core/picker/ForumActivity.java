package io.personaengine.core.picker;

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

    /**
     * Posts created within {@code window} that have fewer than {@code commentsPerPost} persona
     * comments (published or queued), oldest first, at most {@code limit}.
     */
    List<CommentCandidate> postsNeedingComments(Duration window, int commentsPerPost, int limit);

    /**
     * For each persona with any: actions completed in the last hour plus open tasks due within the
     * next hour, the load that counts against {@code PERSONA_MAX_ACTIONS_PER_HOUR}.
     */
    Map<Long, Integer> hourlyLoad();
}
