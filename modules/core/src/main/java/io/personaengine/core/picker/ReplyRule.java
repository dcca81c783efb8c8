package io.personaengine.core.picker;

import io.personaengine.core.forum.Persona;
import io.personaengine.core.task.TaskType;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Rule 2: a persona that was @mentioned or replied to, and has not answered, gets a REPLY task. */
final class ReplyRule implements PickerRule {

    private static final Logger log = LoggerFactory.getLogger(ReplyRule.class);

    private final ForumActivity forum;

    ReplyRule(ForumActivity forum) {
        this.forum = forum;
    }

    @Override
    public void plan(Tick tick) {
        Map<Long, Persona> personas = tick.personas().stream()
                .collect(Collectors.toMap(Persona::id, Function.identity()));
        for (ReplyCandidate comment : forum.commentsAwaitingReply(tick.settings().recentWindow(), tick.room())) {
            if (tick.full()) {
                return;
            }
            Persona persona = personas.get(comment.personaId());
            if (persona == null || persona.userId() == comment.commentAuthorUserId()) {
                continue; // inactive, or talking to itself
            }
            if (!tick.underHourlyLimit(persona)) {
                log.debug("comment {}: persona {} is at its hourly limit; the reply waits", comment.commentId(),
                        persona.id());
                continue;
            }
            tick.plan(persona, TaskType.REPLY, comment.postId(), comment.commentId(), null);
        }
    }
}
