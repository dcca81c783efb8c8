package io.personaengine.core.picker;

import io.personaengine.core.forum.Persona;
import io.personaengine.core.task.TaskType;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Rule 3: recent posts with no persona vote get one VOTE task from a persona that fits them. */
final class VoteRule implements PickerRule {

    private static final Logger log = LoggerFactory.getLogger(VoteRule.class);

    private final ForumActivity forum;
    private final PersonaSelector selector;

    VoteRule(ForumActivity forum, PersonaSelector selector) {
        this.forum = forum;
        this.selector = selector;
    }

    @Override
    public void plan(Tick tick) {
        for (CommentCandidate post : forum.postsWithoutPersonaVotes(tick.settings().recentWindow(), tick.room())) {
            if (tick.full()) {
                return;
            }
            Optional<Persona> chosen = selector.choose(tick.personas(), post.boardTags(), post.postTags(),
                    p -> p.userId() != post.authorUserId() && !post.engagedPersonaIds().contains(p.id())
                            && tick.underHourlyLimit(p));
            if (chosen.isEmpty()) {
                log.debug("post {}: no persona fits {} / {} to vote on it", post.postId(), post.boardTags(),
                        post.postTags());
                continue;
            }
            tick.plan(chosen.get(), TaskType.VOTE, post.postId(), null, null);
        }
    }
}
