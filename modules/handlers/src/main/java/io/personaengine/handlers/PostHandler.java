package io.personaengine.handlers;

import io.personaengine.core.content.ContentGenerator;
import io.personaengine.core.content.GeneratedText;
import io.personaengine.core.content.JsonPrompt;
import io.personaengine.core.forum.Board;
import io.personaengine.core.forum.ForumReader;
import io.personaengine.core.forum.Persona;
import io.personaengine.core.task.ClaimedTask;
import io.personaengine.core.task.Effect;
import io.personaengine.core.task.Outcome;

/** POST: the persona starts a new thread on a board that fits it: title, body and tags as structured output. */
public final class PostHandler extends PersonaAction {

    static final String SCHEMA = """
            {"type": "object",
             "properties": {
               "title": {"type": "string"},
               "body": {"type": "string"},
               "tags": {"type": "array", "items": {"type": "string"}, "maxItems": 5}},
             "required": ["title", "body", "tags"]}""";
    /** A body of up to 5000 chars is about 1300 tokens, plus thinking. */
    static final int MAX_OUTPUT_TOKENS = 4_096;

    public PostHandler(ForumReader forum, ContentGenerator generator) {
        super(forum, generator);
    }

    @Override
    Outcome act(ClaimedTask task, Persona persona) {
        Target<Board> board = board(task);
        if (!board.found()) {
            return board.failure();
        }
        long boardId = board.get().id();
        GeneratedText answer = generator().generateJson(prompt(persona, board.get()));
        return JsonAnswer.object(answer.text())
                .flatMap(json -> PostDraft.from(json, "body"))
                .outcome(post -> new Effect.PublishPost(boardId, post.title(), post.body(), post.tags(), null),
                        answer.usage());
    }

    static JsonPrompt prompt(Persona persona, Board board) {
        DataMarkers markers = DataMarkers.fresh();
        String task = """
                Start a new thread on the forum board below, about something you know well that fits the \
                board. Answer in JSON: "title" is a specific title of at most 120 characters, "body" is \
                the post in 1 to 4 short paragraphs of plain text (at most 2000 characters), "tags" are 1 \
                to 5 single-word topics.

                %s""".formatted(ForumData.board(markers, board));
        return new JsonPrompt(PersonaVoice.systemInstruction(persona, markers), task, SCHEMA, MAX_OUTPUT_TOKENS);
    }
}
