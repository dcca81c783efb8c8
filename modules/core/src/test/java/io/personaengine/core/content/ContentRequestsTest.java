package io.personaengine.core.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ContentRequestsTest {

    private static final String SCHEMA = "{\"type\":\"object\"}";

    @Test
    void aJsonPromptNeedsASchemaObjectAndATokenBudget() {
        assertThat(new JsonPrompt("s", "u", " " + SCHEMA, 10).jsonSchema()).contains("object");
        assertThatIllegalArgumentException().isThrownBy(() -> new JsonPrompt("s", "u", "[]", 10))
                .withMessageContaining("JSON object");
        assertThatIllegalArgumentException().isThrownBy(() -> new JsonPrompt("s", "u", SCHEMA, 0));
    }

    @Test
    void anImagePromptNeedsADescriptionAndAnAspectRatio() {
        assertThat(new ImagePrompt("a bowl of ramen", "16:9").aspectRatio()).isEqualTo("16:9");
        assertThatIllegalArgumentException().isThrownBy(() -> new ImagePrompt(" ", "1:1"));
        assertThatIllegalArgumentException().isThrownBy(() -> new ImagePrompt("ramen", "wide"))
                .withMessageContaining("4:3");
        assertThatIllegalArgumentException().isThrownBy(() -> new ImagePrompt("ramen", "0:1"));
    }

    @Test
    void aGeneratedImageIsNeverEmptyAndDoesNotPrintItsBytes() {
        Usage usage = new Usage(1, 10, 1290, "gemini-3.1-flash-image");
        GeneratedImage image = new GeneratedImage("image/png", new byte[] {1, 2, 3}, "", usage);

        assertThat(image.toString()).contains("bytes=3", "image/png").doesNotContain("[B@");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new GeneratedImage("image/png", new byte[0], "", usage));
    }

    @Test
    void aFailureCanBeChargedWithTheCallsMadeBeforeIt() {
        Usage first = new Usage(1, 120, 40, "gemini-3.5-flash-lite");
        Usage failed = new Usage(1, 30, 0, "gemini-3.1-flash-image");
        ContentException limited = new ContentException(ContentException.Kind.RATE_LIMITED, "slow down",
                Duration.ofSeconds(26), true, failed, null);

        ContentException charged = limited.withEarlierUsage(first);

        assertThat(charged.usage()).isEqualTo(new Usage(2, 150, 40, "gemini-3.1-flash-image"));
        assertThat(charged.kind()).isEqualTo(ContentException.Kind.RATE_LIMITED);
        assertThat(charged.retryAfter()).contains(Duration.ofSeconds(26));
        assertThat(charged.dailyQuota()).isTrue();
        assertThat(charged.getMessage()).isEqualTo("slow down");
        assertThat(charged.getCause()).isSameAs(limited);
    }
}
