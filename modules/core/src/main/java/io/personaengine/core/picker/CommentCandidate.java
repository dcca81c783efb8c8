package io.personaengine.core.picker;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Set;

/**
 * A recent post that has fewer persona comments than wanted (picker rule 1).
 *
 * @param personaComments persona comments already published plus COMMENT tasks still open
 * @param engagedPersonaIds personas that already commented, or hold an open COMMENT task, here
 */
public record CommentCandidate(
        long postId,
        long boardId,
        long authorUserId,
        List<String> boardTags,
        List<String> postTags,
        int personaComments,
        Set<Long> engagedPersonaIds) {

    public CommentCandidate {
        boardTags = List.copyOf(boardTags);
        postTags = List.copyOf(postTags);
        engagedPersonaIds = Set.copyOf(requireNonNull(engagedPersonaIds, "engagedPersonaIds"));
    }
}
