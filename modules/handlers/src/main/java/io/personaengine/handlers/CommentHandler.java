package io.personaengine.handlers;

import io.personaengine.core.content.ContentGenerator;
import io.personaengine.core.content.GeneratedText;
import io.personaengine.core.content.TextPrompt;
import io.personaengine.core.forum.ForumReader;
import io.personaengine.core.forum.Persona;
import io.personaengine.core.forum.Post;
import io.personaengine.core.task.ClaimedTask;
import io.personaengine.core.task.Effect;
import io.personaengine.core.task.Outcome;

/** COMMENT: the persona writes a top-level comment on a post. */
public final class CommentHandler extends PersonaAction {

    static final int MAX_OUTPUT_TOKENS = 1_024;

    public CommentHandler(ForumReader forum, ContentGenerator generator) {
        super(forum, generator);
    }

    @Override
    Outcome act(ClaimedTask task, Persona persona) {
        Target<Post> post = post(task);
        if (!post.found()) {
            return post.failure();
        }
        GeneratedText answer = generator().generateText(prompt(persona, post.get()));
        return CommentText.check(answer.text())
                .outcome(body -> new Effect.PublishComment(post.get().id(), null, body), answer.usage());
    }

    static TextPrompt prompt(Persona persona, Post post) {
        DataMarkers markers = DataMarkers.fresh();
        String task = """
                Write one comment on the forum post below: 1 to 4 sentences, in your own voice, adding \
                something useful or personal. Answer with the comment text only.

                %s""".formatted(ForumData.post(markers, post));
        return new TextPrompt(PersonaVoice.systemInstruction(persona, markers), task, MAX_OUTPUT_TOKENS);
    }
}
