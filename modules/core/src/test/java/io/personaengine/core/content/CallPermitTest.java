package io.personaengine.core.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.personaengine.core.content.CallPermit.Verdict;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CallPermitTest {

    @Test
    void aGrantedPermitHasNoWaitAndNoReason() {
        assertThat(CallPermit.granted().isGranted()).isTrue();
        assertThat(CallPermit.granted().retryAfter()).isZero();
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new CallPermit(Verdict.GRANTED, Duration.ofSeconds(1), ""));
    }

    @Test
    void aRefusalAlwaysNamesAWaitOfAtLeastAMillisecondAndAReason() {
        CallPermit refusal = CallPermit.windowFull(Duration.ZERO, "full");

        assertThat(refusal.isGranted()).isFalse();
        assertThat(refusal.retryAfter()).isEqualTo(Duration.ofMillis(1));
        assertThat(CallPermit.coolingDown(Duration.ofSeconds(-3), "paused").retryAfter())
                .isEqualTo(Duration.ofMillis(1));
        assertThatIllegalArgumentException().isThrownBy(() -> CallPermit.windowFull(Duration.ofSeconds(1), " "));
    }

    @Test
    void aResultOfSeveralAttemptsIsChargedWithTheEarlierOnes() {
        Usage first = new Usage(1, 0, 0, "gemini-x");
        Usage last = new Usage(1, 40, 12, "gemini-x-002");

        GeneratedText text = new GeneratedText("hello", last).withEarlierUsage(first);
        GeneratedImage image = new GeneratedImage("image/png", new byte[] {1}, "", last).withEarlierUsage(first);

        assertThat(text.usage()).isEqualTo(new Usage(2, 40, 12, "gemini-x-002"));
        assertThat(image.usage()).isEqualTo(new Usage(2, 40, 12, "gemini-x-002"));
    }
}
