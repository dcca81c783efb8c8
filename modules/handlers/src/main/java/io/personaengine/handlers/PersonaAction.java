package io.personaengine.handlers;

import static java.util.Objects.requireNonNull;

import io.personaengine.core.content.ContentException;
import io.personaengine.core.content.ContentGenerator;
import io.personaengine.core.forum.Board;
import io.personaengine.core.forum.Comment;
import io.personaengine.core.forum.ForumReader;
import io.personaengine.core.forum.Persona;
import io.personaengine.core.forum.Post;
import io.personaengine.core.runner.ActionHandler;
import io.personaengine.core.task.ClaimedTask;
import io.personaengine.core.task.Outcome;

/**
 * What every persona action shares: find the persona, act in its voice, and turn the content
 * port's failures into outcomes by kind (defer on upstream trouble, fail on a refusal, retry an
 * unusable answer). Subclasses look up their targets with {@link #post}, {@link #comment} and
 * {@link #board}, and return the target's failure when it is missing. Thread-safe if the forum and the generator are.
 */
abstract class PersonaAction implements ActionHandler {

    private final ForumReader forum;
    private final ContentGenerator generator;

    PersonaAction(ForumReader forum, ContentGenerator generator) {
        this.forum = requireNonNull(forum, "forum");
        this.generator = requireNonNull(generator, "generator");
    }

    @Override
    public final Outcome handle(ClaimedTask task) {
        Target<Persona> persona = Target.lookup(task, "persona", task.personaId(), forum::persona);
        if (!persona.found()) {
            return persona.failure();
        }
        try {
            return act(task, persona.get());
        } catch (ContentException e) {
            return Outcome.of(e);
        }
    }

    /**
     * One attempt in the persona's voice.
     *
     * @throws ContentException when generation failed; its usage is recorded on the attempt
     */
    abstract Outcome act(ClaimedTask task, Persona persona);

    final ForumReader forum() {
        return forum;
    }

    final ContentGenerator generator() {
        return generator;
    }

    final Target<Post> post(ClaimedTask task) {
        return Target.lookup(task, "post", task.postId(), forum::post);
    }

    final Target<Comment> comment(ClaimedTask task) {
        return Target.lookup(task, "comment", task.commentId(), forum::comment);
    }

    final Target<Board> board(ClaimedTask task) {
        return Target.lookup(task, "board", task.boardId(), forum::board);
    }
}
