package io.personaengine.gemini.simulator;

import java.time.Clock;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Fluent set-up of a {@link GeminiSimulator}: {@code GeminiSimulator.builder().latency(min, max).build().start()}.
 * Every method maps to a {@link SimulatorConfig} field and validates as it does. Not thread-safe.
 */
public final class GeminiSimulatorBuilder {

    private SimulatorConfig config = SimulatorConfig.defaults();
    private java.time.Duration quotaWindow = CallWindow.WINDOW;

    GeminiSimulatorBuilder() {}

    public GeminiSimulatorBuilder seed(long seed) {
        config = config.withSeed(seed);
        return this;
    }

    public GeminiSimulatorBuilder port(int port) {
        config = config.withPort(port);
        return this;
    }

    public GeminiSimulatorBuilder latency(Duration fixed) {
        config = config.withLatency(fixed);
        return this;
    }

    public GeminiSimulatorBuilder latency(Duration min, Duration max) {
        config = config.withLatency(min, max);
        return this;
    }

    public GeminiSimulatorBuilder expectedApiKey(@Nullable String key) {
        config = config.withExpectedApiKey(key);
        return this;
    }

    public GeminiSimulatorBuilder models(String... ids) {
        config = config.withModels(ids);
        return this;
    }

    public GeminiSimulatorBuilder maxCallsPerMinute(int calls) {
        config = config.withMaxCallsPerMinute(calls);
        return this;
    }

    public GeminiSimulatorBuilder failureRate(Failure failure, double probability) {
        config = config.withFailureRate(failure, probability);
        return this;
    }

    public GeminiSimulatorBuilder threads(int threads) {
        config = config.withThreads(threads);
        return this;
    }

    public GeminiSimulatorBuilder clock(Clock clock) {
        config = config.withClock(clock);
        return this;
    }

    public SimulatorConfig config() {
        return config;
    }

    /** A simulator with this configuration, not started yet. */
    /** The window {@link #maxCallsPerMinute(int)} applies to: a minute unless a test scales time down. */
    public GeminiSimulatorBuilder quotaWindow(java.time.Duration window) {
        if (window.toMillis() < 100) {
            throw new IllegalArgumentException("quotaWindow must be at least 100 ms: " + window);
        }
        this.quotaWindow = window;
        return this;
    }

    public GeminiSimulator build() {
        return new GeminiSimulator(config, quotaWindow);
    }
}
