package io.personaengine.gemini.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.personaengine.core.content.CallPermit;
import io.personaengine.core.content.ContentException;
import io.personaengine.core.content.ContentException.Kind;
import io.personaengine.core.content.GeneratedText;
import io.personaengine.core.content.ImagePrompt;
import io.personaengine.core.content.JsonPrompt;
import io.personaengine.core.content.TextPrompt;
import io.personaengine.gemini.GeminiClient;
import io.personaengine.gemini.GeminiClientConfig;
import io.personaengine.gemini.GeminiContentGenerator;
import io.personaengine.gemini.simulator.Failure;
import io.personaengine.gemini.simulator.GeminiSimulator;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The guard around a real generator and the simulator, with a scripted ledger and a manual clock. */
class GuardedContentGeneratorTest {

    private static final String TEXT = "gemini-3.5-flash-lite";
    private static final String IMAGE = "gemini-3.1-flash-image";
    private static final TextPrompt COMMENT = new TextPrompt("You are Ada, a cook.", "Title: Cast iron\nComment.", 512);
    private static final JsonPrompt VOTE = new JsonPrompt("You are Ada, a cook.", "Vote.",
            "{\"type\":\"object\",\"properties\":{\"vote\":{\"type\":\"string\"}}}", 512);
    private static final GuardSettings SETTINGS = GuardSettings.defaults().withRetries(3, Duration.ofMillis(1));

    private final GeminiSimulator simulator = GeminiSimulator.builder().build().start();
    private final GeminiClient client = new GeminiClient(GeminiClientConfig.defaults().withBaseUrl(simulator.baseUrl()));
    private final ScriptedPermits permits = new ScriptedPermits();
    private final ManualTime time = new ManualTime();

    @AfterEach
    void stop() {
        client.close();
        simulator.close();
    }

    private GuardedContentGenerator guarded(GuardSettings settings) {
        return new GuardedContentGenerator(new GeminiContentGenerator(client, TEXT, IMAGE), TEXT, IMAGE,
                new CallGuard(permits, settings, time, time));
    }

    private ContentException failure(GuardSettings settings) {
        return catchThrowableOfType(ContentException.class, () -> guarded(settings).generateText(COMMENT));
    }

    @Test
    void aBriefOutageIsRetriedWithAPermitForEachAttemptAndChargedWithBothCalls() {
        simulator.failNext(1, Failure.unavailable());

        GeneratedText text = guarded(SETTINGS).generateText(COMMENT);

        assertThat(text.text()).isNotBlank();
        assertThat(text.usage().calls()).isEqualTo(2);
        assertThat(simulator.generateRequests()).extracting(r -> r.status()).containsExactly(503, 200);
        assertThat(permits.asked()).containsExactly(TEXT, TEXT);
        assertThat(permits.pauses()).isEmpty();
    }

    @Test
    void anOutageThatOutlastsTheRetriesIsUnavailableAndChargedWithEveryCall() {
        simulator.failNext(3, Failure.internal());

        ContentException e = failure(SETTINGS);

        assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(e.usage().calls()).isEqualTo(3);
        assertThat(simulator.generateRequests()).hasSize(3);
        assertThat(permits.asked()).hasSize(3);
    }

    @Test
    void aRefusalIsNotRetried() {
        simulator.failNext(1, Failure.badRequest());

        ContentException e = failure(SETTINGS);

        assertThat(e.kind()).isEqualTo(Kind.REFUSED);
        assertThat(e.usage().calls()).isEqualTo(1);
        assertThat(simulator.generateRequests()).hasSize(1);
        assertThat(permits.pauses()).isEmpty();
    }

    @Test
    void blockedContentAndUnusableAnswersAreNotRetried() {
        simulator.failNext(1, Failure.blockedPrompt());
        simulator.failNext(1, Failure.malformedJson());
        simulator.failNext(1, Failure.permissionDenied());
        GuardedContentGenerator generator = guarded(SETTINGS);

        assertThat(catchThrowableOfType(ContentException.class, () -> generator.generateText(COMMENT)).kind())
                .isEqualTo(Kind.BLOCKED);
        assertThat(catchThrowableOfType(ContentException.class, () -> generator.generateJson(VOTE)).kind())
                .isEqualTo(Kind.INVALID_ANSWER);
        assertThat(catchThrowableOfType(ContentException.class, () -> generator.generateText(COMMENT)).kind())
                .isEqualTo(Kind.OUTAGE);
        assertThat(simulator.generateRequests()).hasSize(3);
    }

    @Test
    void aRefusedKeyPausesTheModelClusterWideForTheOutagePauseAndIsNotRetried() {
        simulator.failNext(1, Failure.permissionDenied());

        ContentException e = failure(SETTINGS.withOutagePause(Duration.ofSeconds(40)));

        assertThat(e.kind()).isEqualTo(Kind.OUTAGE);
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(40));
        assertThat(simulator.generateRequests()).hasSize(1);
        assertThat(permits.pauses()).singleElement().asString().endsWith(" for 40000 ms");
    }

    @Test
    void a429PausesTheModelClusterWideForTheServersDelayAndIsNotRetried() {
        simulator.failNext(1, Failure.rateLimited(Duration.ofSeconds(2)));

        ContentException e = failure(SETTINGS);

        assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(2));
        assertThat(e.usage().calls()).isEqualTo(1);
        assertThat(permits.pauses()).containsExactly(TEXT + " for 2000 ms");
        assertThat(simulator.generateRequests()).hasSize(1);
    }

    @Test
    void aSpentDailyQuotaPausesTheModelUntilMidnightInLosAngeles() {
        simulator.failNext(1, Failure.dailyQuota(Duration.ofSeconds(26)));

        ContentException e = failure(SETTINGS);

        assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(e.dailyQuota()).isTrue();
        assertThat(e.retryAfter()).as("the task waits for the reset, not the 26 s").contains(ScriptedPermits.UNTIL_MIDNIGHT);
        assertThat(permits.pauses()).containsExactly(TEXT + " until midnight America/Los_Angeles");
    }

    @Test
    void a429WithoutARetryDelayPausesForTheDefault() {
        simulator.failNext(1, Failure.rateLimitedWithoutDetails());

        ContentException e = failure(SETTINGS);

        assertThat(e.retryAfter()).contains(SETTINGS.pauseWithoutDelay());
        assertThat(permits.pauses()).containsExactly(TEXT + " for 10000 ms");
    }

    @Test
    void aFullWindowIsWaitedOutWhenItsSlotFreesWithinTheLongestWait() {
        permits.thenAnswer(CallPermit.windowFull(Duration.ofSeconds(20), "full"),
                CallPermit.windowFull(Duration.ofSeconds(9), "full"));

        GeneratedText text = guarded(SETTINGS).generateText(COMMENT);

        assertThat(text.usage().calls()).isEqualTo(1);
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(20), Duration.ofSeconds(9));
        assertThat(permits.asked()).hasSize(3);
        assertThat(simulator.generateRequests()).hasSize(1);
    }

    @Test
    void aSlotBeyondTheLongestWaitDefersTheCallAtOnceWithoutCallingUpstream() {
        permits.thenAnswer(CallPermit.windowFull(Duration.ofSeconds(20), "full"),
                CallPermit.windowFull(Duration.ofSeconds(11), "still full"));

        ContentException e = failure(SETTINGS);

        assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(e.retryAfter()).as("asked again after 20 s, 11 s more would pass the 30 s bound")
                .contains(Duration.ofSeconds(11));
        assertThat(e.getMessage()).contains("still full");
        assertThat(e.usage().calls()).isZero();
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(20));
        assertThat(simulator.generateRequests()).isEmpty();
    }

    @Test
    void aPausedModelDefersTheCallAtOnceForTheRestOfThePause() {
        permits.thenAnswer(CallPermit.coolingDown(Duration.ofMillis(1_500), "paused after a 429 on node-b"));

        ContentException e = failure(SETTINGS);

        assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(e.retryAfter()).contains(Duration.ofMillis(1_500));
        assertThat(e.getMessage()).contains("paused after a 429 on node-b");
        assertThat(time.sleeps()).isEmpty();
        assertThat(simulator.generateRequests()).isEmpty();
    }

    @Test
    void aRetryThatGetsNoPermitDefersTheTaskAndKeepsTheCostOfTheFirstCall() {
        simulator.failNext(1, Failure.unavailable());
        permits.thenAnswer(CallPermit.granted(), CallPermit.windowFull(Duration.ofMinutes(1), "full"));

        ContentException e = failure(SETTINGS);

        assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(e.usage().calls()).isEqualTo(1);
        assertThat(simulator.generateRequests()).hasSize(1);
    }

    @Test
    void anImageIsCountedAgainstTheImageModel() {
        guarded(SETTINGS).generateImage(new ImagePrompt("A bowl of ramen", "1:1"));

        assertThat(permits.asked()).containsExactly(IMAGE);
    }

    @Test
    void thisNodesOwnLimiterStopsAtTheLimitWithoutAskingTheLedgerAgain() {
        GuardedContentGenerator generator = guarded(SETTINGS.withMaxCallsPerMinute(2));
        generator.generateText(COMMENT);
        generator.generateText(COMMENT);

        ContentException e = catchThrowableOfType(ContentException.class, () -> generator.generateText(COMMENT));

        assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(e.getMessage()).contains("this node made its 2 Gemini calls of this minute");
        assertThat(e.retryAfter()).as("the limiter's next minute, beyond the 30 s bound").contains(Duration.ofMinutes(1));
        assertThat(permits.asked()).hasSize(2);
        assertThat(simulator.generateRequests()).hasSize(2);
    }

    @Test
    void aCallWaitsForThisNodesNextMinuteWhenItIsNearEnough() {
        GuardedContentGenerator generator = guarded(SETTINGS.withMaxCallsPerMinute(2));
        generator.generateText(COMMENT);
        generator.generateText(COMMENT);
        time.sleep(Duration.ofSeconds(45));

        generator.generateText(COMMENT);

        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(45), Duration.ofSeconds(15));
        assertThat(permits.asked()).hasSize(3);
    }

    @Test
    void deferredCallsDoNotUseUpThisNodesMinute() {
        GuardedContentGenerator generator = guarded(SETTINGS.withMaxCallsPerMinute(2));
        permits.thenAnswer(CallPermit.windowFull(Duration.ofSeconds(45), "full"),
                CallPermit.coolingDown(Duration.ofSeconds(45), "paused"));
        catchThrowableOfType(ContentException.class, () -> generator.generateText(COMMENT));
        catchThrowableOfType(ContentException.class, () -> generator.generateText(COMMENT));

        generator.generateText(COMMENT);
        generator.generateText(COMMENT);

        assertThat(simulator.generateRequests()).hasSize(2);
        assertThat(time.sleeps()).isEmpty();
    }

    @Test
    void noCallGoesOutWhenTheLedgerCannotBeReached() {
        GuardedContentGenerator generator = new GuardedContentGenerator(new GeminiContentGenerator(client, TEXT, IMAGE),
                TEXT, IMAGE, new CallGuard(new UnreachableLedger(), SETTINGS, time, time));

        ContentException e = catchThrowableOfType(ContentException.class, () -> generator.generateText(COMMENT));

        assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(e.getMessage()).contains("not made", "connection refused");
        assertThat(simulator.generateRequests()).isEmpty();
    }

    @Test
    void aCallInterruptedWhileWaitingGivesUpAndKeepsTheInterrupt() {
        permits.thenAnswer(CallPermit.windowFull(Duration.ofSeconds(5), "full"));
        GuardedContentGenerator generator = new GuardedContentGenerator(new GeminiContentGenerator(client, TEXT, IMAGE),
                TEXT, IMAGE, new CallGuard(permits, SETTINGS, time, duration -> {
                    throw new InterruptedException();
                }));

        ContentException e = catchThrowableOfType(ContentException.class, () -> generator.generateText(COMMENT));

        assertThat(Thread.interrupted()).as("the interrupt is kept for the worker").isTrue();
        assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(e.getMessage()).contains("interrupted");
        assertThat(simulator.generateRequests()).isEmpty();
    }

    @Test
    void theRetryDecidesOnTheKindOfFailureOnly() {
        assertThat(List.of(Kind.values())).filteredOn(kind ->
                BriefOutageRetry.briefOutage(new ContentException(kind, "UNAVAILABLE 503 overloaded")))
                .containsExactly(Kind.UNAVAILABLE);
        assertThat(BriefOutageRetry.briefOutage(new IllegalStateException("503 UNAVAILABLE"))).isFalse();
    }
}
