package io.personaengine.handlers;

import io.personaengine.core.content.ContentGenerator;
import io.personaengine.core.content.GeneratedText;
import io.personaengine.core.content.TextPrompt;
import io.personaengine.core.content.Usage;
import io.personaengine.core.forum.Comment;
import io.personaengine.core.forum.ForumReader;
import io.personaengine.core.forum.Persona;
import io.personaengine.core.forum.Post;
import io.personaengine.core.task.ClaimedTask;
import io.personaengine.core.task.Effect;
import io.personaengine.core.task.Outcome;
import java.util.List;

/**
 * REPLY: the persona answers the comment that mentioned or answered it, with the post and the
 * latest comments of the thread as context, published as a nested comment under it.
 */
public final class ReplyHandler extends PersonaAction {

    static final int THREAD_COMMENTS = 20;
    static final int MAX_OUTPUT_TOKENS = 1_024;

    public ReplyHandler(ForumReader forum, ContentGenerator generator) {
        super(forum, generator);
    }

    @Override
    Outcome act(ClaimedTask task, Persona persona) {
        Target<Post> post = post(task);
        if (!post.found()) {
            return post.failure();
        }
        Target<Comment> comment = comment(task);
        if (!comment.found()) {
            return comment.failure();
        }
        long postId = post.get().id();
        long commentId = comment.get().id();
        if (comment.get().postId() != postId) {
            return new Outcome.Failed("comment " + commentId + " is not on post " + postId, Usage.NONE);
        }
        List<Comment> thread = forum().thread(postId, THREAD_COMMENTS).stream()
                .filter(c -> c.id() != commentId)
                .toList();
        GeneratedText answer = generator().generateText(prompt(persona, post.get(), thread, comment.get()));
        return CommentText.check(answer.text())
                .outcome(body -> new Effect.PublishComment(postId, commentId, body), answer.usage());
    }

    static TextPrompt prompt(Persona persona, Post post, List<Comment> thread, Comment comment) {
        DataMarkers markers = DataMarkers.fresh();
        // the handle stays inside the data: only our own words belong in the instruction
        String task = """
                Write a reply to the comment in the last block below ("comment to reply to"). The forum \
                post and the earlier comments of its thread come first, as context. Reply in 1 to 4 \
                sentences, in your own voice, to what that comment says. Answer with the reply text only.

                %s

                %s

                %s""".formatted(
                ForumData.post(markers, post),
                ForumData.thread(markers, thread, persona),
                ForumData.comment(markers, "comment to reply to", comment));
        return new TextPrompt(PersonaVoice.systemInstruction(persona, markers), task, MAX_OUTPUT_TOKENS);
    }
}
