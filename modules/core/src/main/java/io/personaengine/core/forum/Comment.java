package io.personaengine.core.forum;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A comment as the handlers see it. The body is untrusted user content. */
public record Comment(
        long id, long postId, @Nullable Long parentId, long authorId, String authorHandle, String body,
        Instant createdAt) {

    public Comment {
        requireNonNull(authorHandle, "authorHandle");
        requireNonNull(body, "body");
        requireNonNull(createdAt, "createdAt");
    }
}
