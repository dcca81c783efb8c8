package io.personaengine.gemini.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SimulatorConfigTest {

    private final SimulatorConfig defaults = SimulatorConfig.defaults();

    @Test
    void defaultsServeTheThreeDefaultModelsWithoutLimitsOrFailures() {
        assertThat(defaults.models())
                .containsExactly("gemini-3.5-flash-lite", "gemini-3.8-flash", "gemini-3.1-flash-image");
        assertThat(defaults.port()).isZero();
        assertThat(defaults.maxCallsPerMinute()).isZero();
        assertThat(defaults.failureRates()).isEmpty();
    }

    @Test
    void rejectsALatencyRangeThatIsBackwards() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> defaults.withLatency(Duration.ofSeconds(2), Duration.ofSeconds(1)));
    }

    @Test
    void rejectsFailureRatesOutsideZeroToOneOrAddingUpToMore() {
        assertThatIllegalArgumentException().isThrownBy(() -> defaults.withFailureRate(Failure.unavailable(), 1.5));
        assertThatIllegalArgumentException().isThrownBy(() -> defaults
                .withFailureRate(Failure.unavailable(), 0.6)
                .withFailureRate(Failure.internal(), 0.6));
    }

    @Test
    void keepsFailureRatesInTheOrderGiven() {
        SimulatorConfig config = defaults
                .withFailureRate(Failure.rateLimited(Duration.ofSeconds(5)), 0.1)
                .withFailureRate(Failure.unavailable(), 0.05);

        assertThat(config.failureRates().keySet())
                .containsExactly(Failure.rateLimited(Duration.ofSeconds(5)), Failure.unavailable());
    }

    @Test
    void aRetryDelayBelongsOnlyToTheQuotaFailures() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Failure(Failure.Kind.UNAVAILABLE, Duration.ofSeconds(1)));
        assertThatIllegalArgumentException().isThrownBy(() -> new Failure(Failure.Kind.RATE_LIMITED, null));
    }

    @Test
    void theBuilderSetsTheSameFields() {
        SimulatorConfig config = GeminiSimulator.builder()
                .seed(9).latency(Duration.ofMillis(10), Duration.ofMillis(20)).models("gemini-x").maxCallsPerMinute(60)
                .failureRate(Failure.unavailable(), 0.1).expectedApiKey("k").threads(4)
                .config();

        assertThat(config).isEqualTo(defaults.withSeed(9).withLatency(Duration.ofMillis(10), Duration.ofMillis(20))
                .withModels("gemini-x").withMaxCallsPerMinute(60).withFailureRate(Failure.unavailable(), 0.1)
                .withExpectedApiKey("k").withThreads(4));
    }

    @Test
    void toStringMasksTheExpectedKey() {
        assertThat(defaults.withExpectedApiKey("sekrit-key").toString()).doesNotContain("sekrit-key").contains("****");
    }
}
