package io.personaengine.core.forum;

import java.util.List;
import java.util.Optional;

/** Read access to the forum for action handlers. Thread-safe. */
public interface ForumReader {

    /** The persona, or empty if it no longer exists. */
    Optional<Persona> persona(long personaId);

    /** The post, or empty if it was deleted. */
    Optional<Post> post(long postId);

    /** The comment, or empty if it was deleted. */
    Optional<Comment> comment(long commentId);

    /** The latest {@code limit} comments of a post, oldest first: the thread a reply answers in. */
    List<Comment> thread(long postId, int limit);

    /** The board, or empty if it was deleted. */
    Optional<Board> board(long boardId);
}
