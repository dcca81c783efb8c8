package io.personaengine.gemini.simulator;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.personaengine.gemini.api.GeminiJson;
import io.personaengine.gemini.api.GenerateContentRequest;
import io.personaengine.gemini.api.ThinkingConfig;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST /v1beta/models/{model}:generateContent}, in the real API's order: reject what the
 * API rejects (unknown fields, unknown model, thinking level on 2.5), apply the per-minute limit,
 * then any injected failure, then wait the latency and answer. Thread-safe.
 */
final class GenerateEndpoint {

    private final SimulatorConfig config;
    private final CallWindow window;
    private final FailurePlan failures;
    private final CannedAnswer answers;

    GenerateEndpoint(SimulatorConfig config, FailurePlan failures) {
        this(config, failures, CallWindow.WINDOW);
    }

    GenerateEndpoint(SimulatorConfig config, FailurePlan failures, java.time.Duration quotaWindow) {
        this.config = requireNonNull(config, "config");
        this.failures = requireNonNull(failures, "failures");
        this.window = new CallWindow(config.maxCallsPerMinute(), quotaWindow);
        this.answers = new CannedAnswer(config.seed());
    }

    SimulatedReply answer(String model, byte[] body, Instant now) {
        GenerateContentRequest request;
        try {
            request = GeminiJson.readStrict(body, GenerateContentRequest.class);
        } catch (UnrecognizedPropertyException e) {
            return SimulatedReply.invalidArgument(
                    "Invalid JSON payload received. Unknown name \"" + e.getPropertyName() + "\": Cannot find field.");
        } catch (IOException | RuntimeException e) {
            return SimulatedReply.invalidArgument("Invalid JSON payload received.");
        }
        SimulatedReply refusal = refusal(model, request);
        if (refusal != null) {
            return refusal;
        }
        Optional<Duration> wait = window.admit(now);
        if (wait.isPresent()) {
            return SimulatedReply.rateLimited(model, "GenerateRequestsPerMinutePerProjectPerModel",
                    String.valueOf(config.maxCallsPerMinute()), wait.get());
        }
        Failure failure = failures.next(model);
        if (failure != null && failure.kind() == Failure.Kind.STALL) {
            sleep(requireNonNull(failure.retryDelay()).toNanos());
        }
        pause();
        if (failure != null) {
            Integer maxTokens = request.config().maxOutputTokens();
            return failure.reply(model, CannedAnswer.promptTokens(request), maxTokens == null ? 8192 : maxTokens);
        }
        return SimulatedReply.ok(answers.answer(model, request));
    }

    private @Nullable SimulatedReply refusal(String model, GenerateContentRequest request) {
        if (!config.models().contains(model)) {
            return SimulatedReply.notFound("models/" + model + " is not found for API version v1beta, or is not "
                    + "supported for generateContent. Call ListModels to see the list of available models "
                    + "and their supported methods.");
        }
        ThinkingConfig thinking = request.config().thinkingConfig();
        if (thinking != null && thinking.thinkingLevel() != null && model.startsWith("gemini-2.5")) {
            return SimulatedReply.invalidArgument("Thinking level is not supported for this model.");
        }
        return null;
    }

    private void pause() {
        long min = config.minLatency().toNanos();
        long max = config.maxLatency().toNanos();
        sleep(min == max ? min : ThreadLocalRandom.current().nextLong(min, max + 1));
    }

    private static void sleep(long nanos) {
        if (nanos == 0) {
            return;
        }
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closing: answer at once
        }
    }
}
