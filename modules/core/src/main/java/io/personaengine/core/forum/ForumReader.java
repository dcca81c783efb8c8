package io.personaengine.core.forum;

import java.util.Optional;

/** Read access to the forum for action handlers. Thread-safe. */
public interface ForumReader {

    /** The persona, or empty if it no longer exists. */
    Optional<Persona> persona(long personaId);

    /** The post, or empty if it was deleted. */
    Optional<Post> post(long postId);
}
