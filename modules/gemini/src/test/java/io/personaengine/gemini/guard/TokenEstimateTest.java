package io.personaengine.gemini.guard;

import static org.assertj.core.api.Assertions.assertThat;

import io.personaengine.core.content.Usage;
import org.junit.jupiter.api.Test;

class TokenEstimateTest {

    private final TokenEstimate estimate = new TokenEstimate();

    @Test
    void beforeAnyAnswerAPromptCountsOneTokenPerThreeCharactersPlusFraming() {
        assertThat(estimate.estimate("text", 300)).isEqualTo(100 + TokenEstimate.FRAMING_TOKENS);
    }

    @Test
    void answersTeachTheRatioOfTheirKindWithALittleHeadroom() {
        estimate.observe("text", 400, new Usage(1, 100, 20, "m"));

        assertThat(estimate.estimate("text", 400)).isEqualTo(105 + TokenEstimate.FRAMING_TOKENS);
        assertThat(estimate.estimate("json", 300)).as("another kind keeps its own").isEqualTo(108);
    }

    @Test
    void theRatioFollowsAChangeGradually() {
        estimate.observe("text", 400, new Usage(1, 100, 20, "m"));
        for (int i = 0; i < 30; i++) {
            estimate.observe("text", 400, new Usage(1, 200, 20, "m"));
        }

        assertThat(estimate.estimate("text", 400)).isBetween(205L + 8 - 2, 210L + 8 + 1);
    }

    @Test
    void anAnswerWithoutUsageTeachesNothing() {
        estimate.observe("text", 400, Usage.NONE);

        assertThat(estimate.estimate("text", 300)).isEqualTo(108);
    }
}
