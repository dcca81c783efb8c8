package io.personaengine.node.metrics;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.personaengine.core.content.ContentException;
import io.personaengine.core.content.Usage;
import io.personaengine.gemini.GeminiObserver;
import java.time.Duration;
import java.util.Collection;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Gemini calls as Micrometer meters, all tagged with the bare model id a request went to (never the
 * version the server reported, which would let upstream grow the number of series):
 * <ul>
 *   <li>{@code persona_engine_gemini_calls_total{model,outcome}}, outcome {@code ok} or the failure's
 *       kind in lower case ({@code rate_limited}, {@code unavailable}, {@code refused}, {@code outage},
 *       {@code blocked}, {@code invalid_answer});
 *   <li>{@code persona_engine_gemini_rate_limited_total{model}}: the 429s among them;
 *   <li>{@code persona_engine_gemini_tokens_total{model,direction}}, direction {@code in} (prompt) or
 *       {@code out} (output, thinking included);
 *   <li>{@code persona_engine_gemini_permit_wait_seconds{model,outcome}}: time a worker waited for a
 *       call permit, outcome {@code granted} or {@code refused}.
 * </ul>
 * The configured models' series exist from the start at zero, so rates and alerts see them before
 * the first call.
 */
final class GeminiMetrics implements GeminiObserver {

    private static final Duration[] WAIT_BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(10),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofMillis(2_500), Duration.ofSeconds(5), Duration.ofSeconds(10),
            Duration.ofSeconds(30)};

    private final MeterRegistry registry;

    GeminiMetrics(MeterRegistry registry, Collection<String> models) {
        this.registry = requireNonNull(registry, "registry");
        for (String model : models) {
            calls(model, "ok");
            rateLimited(model);
            tokens(model, "in");
            tokens(model, "out");
            permitWait(model, true);
        }
    }

    @Override
    public void called(String model, ContentException.@Nullable Kind failure, Usage usage) {
        calls(model, failure == null ? "ok" : failure.name().toLowerCase(Locale.ROOT)).increment();
        if (failure == ContentException.Kind.RATE_LIMITED) {
            rateLimited(model).increment();
        }
        if (usage.promptTokens() > 0) {
            tokens(model, "in").increment(usage.promptTokens());
        }
        if (usage.outputTokens() > 0) {
            tokens(model, "out").increment(usage.outputTokens());
        }
    }

    @Override
    public void permitWaited(String model, Duration waited, boolean granted) {
        permitWait(model, granted).record(waited);
    }

    private Counter calls(String model, String outcome) {
        return Counter.builder("persona_engine.gemini.calls")
                .description("Requests sent to Gemini by this node, by model and outcome")
                .tag("model", model)
                .tag("outcome", outcome)
                .register(registry);
    }

    private Counter rateLimited(String model) {
        return Counter.builder("persona_engine.gemini.rate_limited")
                .description("Requests Gemini answered with 429 (RESOURCE_EXHAUSTED), by model")
                .tag("model", model)
                .register(registry);
    }

    private Counter tokens(String model, String direction) {
        return Counter.builder("persona_engine.gemini.tokens")
                .description("Tokens Gemini counted for this node's requests: in = prompt, out = output with thinking")
                .tag("model", model)
                .tag("direction", direction)
                .register(registry);
    }

    private Timer permitWait(String model, boolean granted) {
        return Timer.builder("persona_engine.gemini.permit.wait")
                .description("Time a worker waited for a cluster-wide Gemini call permit")
                .tag("model", model)
                .tag("outcome", granted ? "granted" : "refused")
                .serviceLevelObjectives(WAIT_BUCKETS)
                .register(registry);
    }
}
