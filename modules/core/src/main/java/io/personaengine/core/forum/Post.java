package io.personaengine.core.forum;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/** A forum post as the handlers see it. Title and body are untrusted user content. */
public record Post(
        long id,
        long boardId,
        String boardName,
        long authorId,
        String authorHandle,
        String title,
        String body,
        List<String> tags,
        Instant createdAt) {

    public Post {
        requireNonNull(boardName, "boardName");
        requireNonNull(authorHandle, "authorHandle");
        requireNonNull(title, "title");
        requireNonNull(body, "body");
        tags = List.copyOf(tags);
        requireNonNull(createdAt, "createdAt");
    }
}
