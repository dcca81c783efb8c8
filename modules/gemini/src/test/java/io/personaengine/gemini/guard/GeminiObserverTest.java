package io.personaengine.gemini.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.personaengine.core.content.CallPermit;
import io.personaengine.core.content.ContentException;
import io.personaengine.core.content.ContentException.Kind;
import io.personaengine.core.content.ImagePrompt;
import io.personaengine.core.content.TextPrompt;
import io.personaengine.core.content.Usage;
import io.personaengine.gemini.GeminiClient;
import io.personaengine.gemini.GeminiClientConfig;
import io.personaengine.gemini.GeminiContentGenerator;
import io.personaengine.gemini.GeminiObserver;
import io.personaengine.gemini.simulator.Failure;
import io.personaengine.gemini.simulator.GeminiSimulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a node's metrics hear: every upstream call with its outcome and cost, and every wait for a permit. */
class GeminiObserverTest {

    private static final String TEXT = "gemini-3.5-flash-lite";
    private static final String IMAGE = "gemini-3.1-flash-image";
    private static final TextPrompt COMMENT = new TextPrompt("You are Ada, a cook.", "Title: Cast iron\nComment.", 512);
    private static final GuardSettings SETTINGS = GuardSettings.defaults().withRetries(3, Duration.ofMillis(1));

    private final GeminiSimulator simulator = GeminiSimulator.builder().build().start();
    private final GeminiClient client = new GeminiClient(GeminiClientConfig.defaults().withBaseUrl(simulator.baseUrl()));
    private final ScriptedPermits permits = new ScriptedPermits();
    private final ManualTime time = new ManualTime();
    private final Recorder recorder = new Recorder();

    @AfterEach
    void stop() {
        client.close();
        simulator.close();
    }

    private GuardedContentGenerator guarded(GeminiObserver observer) {
        GeminiContentGenerator gemini = new GeminiContentGenerator(client, TEXT, IMAGE, observer);
        return new GuardedContentGenerator(gemini, TEXT, IMAGE,
                new CallGuard(permits, SETTINGS, time, time, gemini.observer()));
    }

    @Test
    void eachAttemptIsHeardWithItsOutcomeAndTokens() {
        simulator.failNext(1, Failure.unavailable());

        guarded(recorder).generateText(COMMENT);

        assertThat(recorder.calls).extracting(Call::model).containsExactly(TEXT, TEXT);
        assertThat(recorder.calls).extracting(Call::failure).containsExactly(Kind.UNAVAILABLE, null);
        Usage answered = recorder.calls.get(1).usage();
        assertThat(answered.promptTokens()).isPositive();
        assertThat(answered.outputTokens()).isPositive();
        assertThat(recorder.waits).containsExactly(TEXT + " 0 ms granted", TEXT + " 0 ms granted");
    }

    @Test
    void a429IsHeardAsRateLimited() {
        simulator.failNext(1, Failure.rateLimited(Duration.ofSeconds(2)));

        catchThrowableOfType(ContentException.class, () -> guarded(recorder).generateText(COMMENT));

        assertThat(recorder.calls).extracting(Call::failure).containsExactly(Kind.RATE_LIMITED);
    }

    @Test
    void anUnusableAnswerIsHeardWithTheKindTheCallerSees() {
        simulator.failNext(1, Failure.blockedPrompt());

        catchThrowableOfType(ContentException.class, () -> guarded(recorder).generateText(COMMENT));

        assertThat(recorder.calls).extracting(Call::failure).containsExactly(Kind.BLOCKED);
    }

    @Test
    void anImageIsHeardUnderTheImageModel() {
        guarded(recorder).generateImage(new ImagePrompt("A bowl of ramen", "1:1"));

        assertThat(recorder.calls).extracting(Call::model).containsExactly(IMAGE);
        assertThat(recorder.waits).containsExactly(IMAGE + " 0 ms granted");
    }

    @Test
    void aWaitedOutWindowIsHeardWithItsLength() {
        permits.thenAnswer(CallPermit.windowFull(Duration.ofSeconds(20), "full"));

        guarded(recorder).generateText(COMMENT);

        assertThat(recorder.waits).containsExactly(TEXT + " 20000 ms granted");
    }

    @Test
    void aPermitThatNeverCameIsHeardAsRefusedAndNoCallIsHeard() {
        permits.thenAnswer(CallPermit.coolingDown(Duration.ofSeconds(5), "paused"));

        catchThrowableOfType(ContentException.class, () -> guarded(recorder).generateText(COMMENT));

        assertThat(recorder.waits).containsExactly(TEXT + " 0 ms refused");
        assertThat(recorder.calls).isEmpty();
    }

    @Test
    void anObserverThatThrowsNeverFailsTheCall() {
        GeminiObserver broken = new GeminiObserver() {
            @Override
            public void called(String model, @Nullable Kind failure, Usage usage) {
                throw new IllegalStateException("broken metrics");
            }

            @Override
            public void permitWaited(String model, Duration waited, boolean granted) {
                throw new IllegalStateException("broken metrics");
            }
        };

        assertThat(guarded(broken).generateText(COMMENT).text()).isNotBlank();
    }

    @Test
    void theNodesWiringReportsPermitWaitsToTheGeneratorsObserver() {
        GuardedContentGenerator generator = GuardedContentGenerator.around(
                new GeminiContentGenerator(client, TEXT, IMAGE, recorder), permits, SETTINGS);

        generator.generateText(COMMENT);

        assertThat(recorder.waits).hasSize(1).first().asString().startsWith(TEXT).endsWith("granted");
        assertThat(recorder.calls).hasSize(1);
    }

    private record Call(String model, @Nullable Kind failure, Usage usage) {}

    private static final class Recorder implements GeminiObserver {
        final List<Call> calls = new ArrayList<>();
        final List<String> waits = new ArrayList<>();

        @Override
        public synchronized void called(String model, @Nullable Kind failure, Usage usage) {
            calls.add(new Call(model, failure, usage));
        }

        @Override
        public synchronized void permitWaited(String model, Duration waited, boolean granted) {
            waits.add(model + " " + waited.toMillis() + " ms " + (granted ? "granted" : "refused"));
        }
    }
}
