package io.personaengine.core.task;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A change to the forum that a task publishes. The store applies it, records the persona's memory
 * and marks the task {@code DONE} in one transaction, fenced by the claim token.
 */
public sealed interface Effect {

    /** A comment on a post (COMMENT), or a reply to a comment when {@code parentId} is set (REPLY). */
    record PublishComment(long postId, @Nullable Long parentId, String body) implements Effect {
        public PublishComment {
            requireNonNull(body, "body");
            if (body.isBlank()) {
                throw new IllegalArgumentException("a comment cannot be blank");
            }
        }
    }

    /** An up (+1) or down (-1) vote on a post. */
    record CastVote(long postId, int value) implements Effect {
        public CastVote {
            if (value != 1 && value != -1) {
                throw new IllegalArgumentException("a vote is +1 or -1, not " + value);
            }
        }
    }

    /** A new post on a board, with an image for IMAGE_POST tasks. */
    record PublishPost(long boardId, String title, String body, List<String> tags, @Nullable NewImage image)
            implements Effect {
        public PublishPost {
            requireNonNull(title, "title");
            requireNonNull(body, "body");
            tags = List.copyOf(tags);
            if (title.isBlank()) {
                throw new IllegalArgumentException("a post needs a title");
            }
        }
    }

    /** Image bytes to store in {@code images} alongside the post that shows them. */
    record NewImage(String mimeType, byte[] data, String prompt) {
        public NewImage {
            requireNonNull(mimeType, "mimeType");
            requireNonNull(data, "data");
            requireNonNull(prompt, "prompt");
            if (data.length == 0) {
                throw new IllegalArgumentException("an image cannot be empty");
            }
        }
    }
}
