package io.personaengine.handlers;

import static java.util.Objects.requireNonNull;

import io.personaengine.core.content.ContentException;
import io.personaengine.core.content.ContentGenerator;
import io.personaengine.core.content.Usage;
import io.personaengine.core.forum.ForumReader;
import io.personaengine.core.forum.Persona;
import io.personaengine.core.runner.ActionHandler;
import io.personaengine.core.task.ClaimedTask;
import io.personaengine.core.task.Outcome;
import java.util.Optional;

/**
 * What every persona action shares: find the persona, act in its voice, and turn the content
 * port's failures into outcomes by kind (defer on upstream trouble, fail on a refusal, retry an
 * unusable answer). Subclasses look up their own targets and return {@link #gone} when one was
 * deleted. Thread-safe if the forum and the generator are.
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
        Optional<Persona> persona = forum.persona(task.personaId());
        if (persona.isEmpty()) {
            return gone("persona", task.personaId());
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

    /** The target was deleted: nothing to act on, ever. */
    static Outcome gone(String target, long id) {
        return new Outcome.Failed(target + " " + id + " no longer exists", Usage.NONE);
    }

    /** The task lacks the target its type needs (a bug upstream, not worth retrying). */
    static Outcome lacking(ClaimedTask task, String target) {
        return new Outcome.Failed(task.type() + " task " + task.id() + " has no " + target, Usage.NONE);
    }
}
