package io.personaengine.core.picker;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Set;

/**
 * A recent post that may deserve persona comments (rule 1) or a persona vote (rule 3).
 *
 * @param engagedPersonaIds personas that already did this action here or hold an open task for it;
 *     for comments, their number is what counts against {@code COMMENTS_PER_POST}
 */
public record CommentCandidate(
        long postId,
        long boardId,
        long authorUserId,
        List<String> boardTags,
        List<String> postTags,
        Set<Long> engagedPersonaIds) {

    public CommentCandidate {
        boardTags = List.copyOf(boardTags);
        postTags = List.copyOf(postTags);
        engagedPersonaIds = Set.copyOf(requireNonNull(engagedPersonaIds, "engagedPersonaIds"));
    }
}
