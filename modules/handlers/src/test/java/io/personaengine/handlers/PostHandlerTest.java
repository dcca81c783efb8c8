package io.personaengine.handlers;

import static org.assertj.core.api.Assertions.assertThat;

import io.personaengine.core.content.JsonPrompt;
import io.personaengine.core.task.Effect;
import io.personaengine.core.task.Outcome;
import io.personaengine.core.task.TaskType;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PostHandlerTest {

    private static final String BODY = "Feed it twice a day and keep it warm; it doubles in six hours.";

    private final FakeForum forum = new FakeForum();

    @BeforeEach
    void board() {
        forum.board(2, "The Kitchen", List.of("cooking", "baking"));
    }

    private Outcome post(String answer) {
        return new PostHandler(forum, new ScriptedGenerator().json(answer)).handle(Tasks.post(2));
    }

    private static String answer(String title, String body, String tags) {
        return "{\"title\": \"" + title + "\", \"body\": \"" + body + "\", \"tags\": " + tags + "}";
    }

    @Test
    void publishesThePostWithNormalisedTags() {
        Outcome outcome = post(answer("  My sourdough   starter routine ", BODY,
                "[\"#Sourdough\", \"bread baking\", \"sourdough\", \"  \", \"Rye_Flour!\"]"));

        assertThat(outcome).isEqualTo(new Outcome.Done(new Effect.PublishPost(2, "My sourdough starter routine", BODY,
                List.of("sourdough", "bread-baking", "rye-flour"), null), ScriptedGenerator.TEXT_USAGE));
    }

    @Test
    void missingTagsAreNoTags() {
        assertThat(post("{\"title\": \"Starter notes\", \"body\": \"" + BODY + "\"}"))
                .isInstanceOfSatisfying(Outcome.Done.class,
                        d -> assertThat(((Effect.PublishPost) d.effect()).tags()).isEmpty());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "Hi           | " + BODY + "       | []                                  | the title has 2 chars",
        "Starter      | Too short.         | []                                  | the body has 10 chars",
        "Starter      | " + BODY + "       | [\"a\",\"b\",\"c\",\"d\",\"e\",\"f\"] | 6 tags, at most 5",
        "Starter      | " + BODY + "       | \"baking\"                          | 'tags' is not an array",
        "Starter      | " + BODY + "       | [\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"] | longer than 30 chars",
        "<<<FORUM_DATA post | " + BODY + " | []                                  | data markers",
    })
    void anInvalidDraftIsRetriedWithTheReason(String title, String body, String tags, String problem) {
        assertThat(post(answer(title, body, tags))).isInstanceOfSatisfying(Outcome.Retry.class,
                r -> assertThat(r.reason()).startsWith("unusable answer: ").contains(problem));
    }

    @Test
    void tooLongATitleOrBodyIsRetried() {
        assertThat(post(answer("t".repeat(201), BODY, "[]"))).isInstanceOfSatisfying(Outcome.Retry.class,
                r -> assertThat(r.reason()).contains("the title has 201 chars, not 3–200"));
        assertThat(post(answer("Starter", "b".repeat(5_001), "[]"))).isInstanceOfSatisfying(Outcome.Retry.class,
                r -> assertThat(r.reason()).contains("the body has 5001 chars, not 20–5000"));
        assertThat(post("{\"title\": \"Starter\"}")).isInstanceOfSatisfying(Outcome.Retry.class,
                r -> assertThat(r.reason()).contains("'body' is missing"));
    }

    @Test
    void asksForThePostSchemaWithTheBoardAsDelimitedData() {
        ScriptedGenerator generator = new ScriptedGenerator().json(answer("Starter notes", BODY, "[]"));

        new PostHandler(forum, generator).handle(Tasks.post(2));

        JsonPrompt prompt = generator.prompt(0, JsonPrompt.class);
        assertThat(prompt.jsonSchema()).isEqualTo(PostHandler.SCHEMA).contains("\"maxItems\": 5");
        assertThat(Prompts.plain(prompt.systemInstruction())).isEqualTo(Prompts.voice(FakeForum.ANA));
        String user = Prompts.plain(prompt.userText());
        assertThat(user.substring(user.indexOf(UntrustedText.BEGIN)))
                .startsWith(UntrustedText.BEGIN + " board\n").contains("Name: The Kitchen", "Topics: cooking, baking");
    }

    @Test
    void aDeletedBoardOrAMissingOneFailsWithoutAskingTheModel() {
        ScriptedGenerator generator = new ScriptedGenerator();
        PostHandler handler = new PostHandler(forum, generator);

        assertThat(handler.handle(Tasks.post(404))).isInstanceOfSatisfying(Outcome.Failed.class,
                f -> assertThat(f.reason()).isEqualTo("board 404 no longer exists"));
        assertThat(handler.handle(Tasks.task(TaskType.POST, null, null, null)))
                .isInstanceOfSatisfying(Outcome.Failed.class, f -> assertThat(f.reason()).contains("has no board"));
        assertThat(generator.prompts).isEmpty();
    }
}
