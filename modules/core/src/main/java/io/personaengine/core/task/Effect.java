package io.personaengine.core.task;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * A change to the forum that a task publishes. The store applies it, records the persona's memory
 * and marks the task {@code DONE} in one transaction, fenced by the claim token.
 */
public sealed interface Effect {

    /** A comment on a post, or a reply to a comment when {@code parentId} is set. */
    record PublishComment(long postId, @Nullable Long parentId, String body) implements Effect {
        public PublishComment {
            requireNonNull(body, "body");
            if (body.isBlank()) {
                throw new IllegalArgumentException("a comment cannot be blank");
            }
        }
    }
}
