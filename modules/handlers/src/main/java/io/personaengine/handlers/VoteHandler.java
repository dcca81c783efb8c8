package io.personaengine.handlers;

import io.personaengine.core.content.ContentGenerator;
import io.personaengine.core.content.GeneratedText;
import io.personaengine.core.content.JsonPrompt;
import io.personaengine.core.forum.ForumReader;
import io.personaengine.core.forum.Persona;
import io.personaengine.core.forum.Post;
import io.personaengine.core.task.ClaimedTask;
import io.personaengine.core.task.Effect;
import io.personaengine.core.task.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * VOTE: the persona judges a post and votes it up or down, through a small structured answer. The
 * store keeps it to one vote per persona per post.
 */
public final class VoteHandler extends PersonaAction {

    private static final Logger log = LoggerFactory.getLogger(VoteHandler.class);

    /** Room for a little thinking plus a one-sentence reason. */
    static final int MAX_OUTPUT_TOKENS = 512;

    public VoteHandler(ForumReader forum, ContentGenerator generator) {
        super(forum, generator);
    }

    @Override
    Outcome act(ClaimedTask task, Persona persona) {
        Target<Post> post = post(task);
        if (!post.found()) {
            return post.failure();
        }
        long postId = post.get().id();
        GeneratedText answer = generator().generateJson(prompt(persona, post.get()));
        return JsonAnswer.object(answer.text()).flatMap(VoteDecision::from).outcome(vote -> {
            log.debug("persona {} votes {} on post {}: {}", persona.id(), vote.value(), postId, vote.reason());
            return new Effect.CastVote(postId, vote.value());
        }, answer.usage());
    }

    static JsonPrompt prompt(Persona persona, Post post) {
        DataMarkers markers = DataMarkers.fresh();
        String task = """
                Decide whether you, with your interests and taste, would vote the forum post below up or \
                down: up if it is useful, interesting or kind, down if it is not. Answer in JSON: "vote" is \
                "up" or "down", "reason" is one short sentence saying why.

                %s""".formatted(ForumData.post(markers, post));
        return new JsonPrompt(PersonaVoice.systemInstruction(persona, markers), task, VoteDecision.SCHEMA, MAX_OUTPUT_TOKENS);
    }
}
