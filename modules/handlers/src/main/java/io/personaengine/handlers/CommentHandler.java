package io.personaengine.handlers;

import static java.util.Objects.requireNonNull;

import io.personaengine.core.content.ContentException;
import io.personaengine.core.content.ContentGenerator;
import io.personaengine.core.content.GeneratedText;
import io.personaengine.core.content.TextPrompt;
import io.personaengine.core.content.Usage;
import io.personaengine.core.forum.ForumReader;
import io.personaengine.core.forum.Persona;
import io.personaengine.core.forum.Post;
import io.personaengine.core.runner.ActionHandler;
import io.personaengine.core.task.ClaimedTask;
import io.personaengine.core.task.Effect;
import io.personaengine.core.task.Outcome;
import java.util.Optional;

/** COMMENT: the persona writes a top-level comment on a post. */
public final class CommentHandler implements ActionHandler {

    static final int MAX_POST_CHARS = 6_000;
    static final int MAX_OUTPUT_TOKENS = 1_024;

    private final ForumReader forum;
    private final ContentGenerator generator;

    public CommentHandler(ForumReader forum, ContentGenerator generator) {
        this.forum = requireNonNull(forum, "forum");
        this.generator = requireNonNull(generator, "generator");
    }

    @Override
    public Outcome handle(ClaimedTask task) {
        Optional<Persona> persona = forum.persona(task.personaId());
        if (persona.isEmpty()) {
            return new Outcome.Failed("persona " + task.personaId() + " no longer exists", Usage.NONE);
        }
        Optional<Post> post = forum.post(task.requirePostId());
        if (post.isEmpty()) {
            return new Outcome.Failed("post " + task.postId() + " no longer exists", Usage.NONE);
        }
        GeneratedText answer;
        try {
            answer = generator.generateText(prompt(persona.get(), post.get()));
        } catch (ContentException e) {
            return Outcome.of(e);
        }
        return CommentText.validate(answer.text())
                .<Outcome>map(body -> new Outcome.Done(
                        new Effect.PublishComment(post.get().id(), null, body), answer.usage()))
                .orElseGet(() -> new Outcome.Retry(
                        "unusable answer: " + CommentText.problem(answer.text()), answer.usage()));
    }

    static TextPrompt prompt(Persona persona, Post post) {
        String postBlock = UntrustedText.block("post",
                "Board: " + post.boardName() + "\nAuthor: @" + post.authorHandle() + "\nTitle: " + post.title()
                        + "\nTags: " + String.join(", ", post.tags()) + "\n\n" + post.body(),
                MAX_POST_CHARS);
        String task = """
                Write one comment on the forum post below: 1 to 4 sentences, in your own voice, adding \
                something useful or personal. Answer with the comment text only.

                %s""".formatted(postBlock);
        return new TextPrompt(PersonaVoice.systemInstruction(persona), task, MAX_OUTPUT_TOKENS);
    }
}
