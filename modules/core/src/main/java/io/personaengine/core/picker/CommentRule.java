package io.personaengine.core.picker;

import io.personaengine.core.forum.Persona;
import io.personaengine.core.task.TaskType;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Rule 1: recent posts with fewer than {@code COMMENTS_PER_POST} persona comments get COMMENT tasks. */
final class CommentRule implements PickerRule {

    private static final Logger log = LoggerFactory.getLogger(CommentRule.class);

    private final ForumActivity forum;
    private final PersonaSelector selector;

    CommentRule(ForumActivity forum, PersonaSelector selector) {
        this.forum = forum;
        this.selector = selector;
    }

    @Override
    public void plan(Tick tick) {
        int wanted = tick.settings().commentsPerPost();
        if (wanted == 0) {
            return;
        }
        for (CommentCandidate post : forum.postsNeedingComments(tick.settings().recentWindow(), wanted, tick.room())) {
            Set<Long> engaged = new HashSet<>(post.engagedPersonaIds());
            while (engaged.size() < wanted && !tick.full()) {
                Optional<Persona> chosen = selector.choose(tick.personas(), post.boardTags(), post.postTags(),
                        p -> p.userId() != post.authorUserId() && !engaged.contains(p.id()) && tick.underHourlyLimit(p));
                if (chosen.isEmpty()) {
                    log.debug("post {}: no persona left whose specialties fit {} / {} (not the author, not engaged, "
                            + "under the hourly limit); {} of {} comments", post.postId(), post.boardTags(),
                            post.postTags(), engaged.size(), wanted);
                    break;
                }
                engaged.add(chosen.get().id());
                tick.plan(chosen.get(), TaskType.COMMENT, post.postId(), null, null);
            }
        }
    }
}
