package io.personaengine.gemini.simulator;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * How a {@link GeminiSimulator} behaves. Start from {@link #defaults()} and change what matters.
 *
 * @param seed makes answers and random failures repeatable
 * @param port 0 picks a free port
 * @param minLatency shortest delay before a {@code generateContent} answer
 * @param maxLatency longest delay; equal to {@code minLatency} for a fixed latency
 * @param expectedApiKey when set, requests must carry it in {@code x-goog-api-key}
 * @param models the model ids it serves and lists
 * @param maxCallsPerMinute accepted {@code generateContent} calls per sliding minute; 0 is unlimited
 * @param failureRates probability of each failure per call, in order; they add up to at most 1
 * @param threads size of the request pool (latency holds a thread)
 * @param clock the time requests are recorded and counted at
 */
public record SimulatorConfig(
        long seed,
        int port,
        Duration minLatency,
        Duration maxLatency,
        @Nullable String expectedApiKey,
        List<String> models,
        int maxCallsPerMinute,
        Map<Failure, Double> failureRates,
        int threads,
        Clock clock) {

    public static final List<String> DEFAULT_MODELS =
            List.of("gemini-3.5-flash-lite", "gemini-3.8-flash", "gemini-3.1-flash-image");

    public SimulatorConfig {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535: " + port);
        }
        requireNonNull(minLatency, "minLatency");
        requireNonNull(maxLatency, "maxLatency");
        if (minLatency.isNegative() || maxLatency.compareTo(minLatency) < 0) {
            throw new IllegalArgumentException(
                    "latency must satisfy 0 <= min <= max: " + minLatency + ".." + maxLatency);
        }
        models = List.copyOf(models);
        if (models.isEmpty()) {
            throw new IllegalArgumentException("models must not be empty");
        }
        if (maxCallsPerMinute < 0) {
            throw new IllegalArgumentException("maxCallsPerMinute must be 0 (unlimited) or more: " + maxCallsPerMinute);
        }
        failureRates = Collections.unmodifiableMap(new LinkedHashMap<>(failureRates));
        double total = 0;
        for (double rate : failureRates.values()) {
            if (rate < 0 || rate > 1) {
                throw new IllegalArgumentException("a failure rate must be in 0..1: " + rate);
            }
            total += rate;
        }
        if (total > 1.0 + 1e-9) {
            throw new IllegalArgumentException("failure rates add up to more than 1: " + total);
        }
        if (threads < 1 || threads > 512) {
            throw new IllegalArgumentException("threads must be 1..512: " + threads);
        }
        requireNonNull(clock, "clock");
    }

    /** Seed 42, a free port, no latency, no key check, the default models, no limit, no failures. */
    public static SimulatorConfig defaults() {
        return new SimulatorConfig(
                42, 0, Duration.ZERO, Duration.ZERO, null, DEFAULT_MODELS, 0, Map.of(), 16, Clock.systemUTC());
    }

    public SimulatorConfig withSeed(long value) {
        return new SimulatorConfig(value, port, minLatency, maxLatency, expectedApiKey, models,
                maxCallsPerMinute, failureRates, threads, clock);
    }

    public SimulatorConfig withPort(int value) {
        return new SimulatorConfig(seed, value, minLatency, maxLatency, expectedApiKey, models,
                maxCallsPerMinute, failureRates, threads, clock);
    }

    public SimulatorConfig withLatency(Duration fixed) {
        return withLatency(fixed, fixed);
    }

    public SimulatorConfig withLatency(Duration min, Duration max) {
        return new SimulatorConfig(seed, port, min, max, expectedApiKey, models,
                maxCallsPerMinute, failureRates, threads, clock);
    }

    public SimulatorConfig withExpectedApiKey(@Nullable String value) {
        return new SimulatorConfig(seed, port, minLatency, maxLatency, value, models,
                maxCallsPerMinute, failureRates, threads, clock);
    }

    public SimulatorConfig withModels(String... ids) {
        return new SimulatorConfig(seed, port, minLatency, maxLatency, expectedApiKey, List.of(ids),
                maxCallsPerMinute, failureRates, threads, clock);
    }

    public SimulatorConfig withMaxCallsPerMinute(int value) {
        return new SimulatorConfig(seed, port, minLatency, maxLatency, expectedApiKey, models,
                value, failureRates, threads, clock);
    }

    /** Adds (or replaces) the probability that a call fails with {@code failure}. */
    public SimulatorConfig withFailureRate(Failure failure, double probability) {
        Map<Failure, Double> rates = new LinkedHashMap<>(failureRates);
        rates.put(requireNonNull(failure, "failure"), probability);
        return new SimulatorConfig(seed, port, minLatency, maxLatency, expectedApiKey, models,
                maxCallsPerMinute, rates, threads, clock);
    }

    public SimulatorConfig withThreads(int value) {
        return new SimulatorConfig(seed, port, minLatency, maxLatency, expectedApiKey, models,
                maxCallsPerMinute, failureRates, value, clock);
    }

    public SimulatorConfig withClock(Clock value) {
        return new SimulatorConfig(seed, port, minLatency, maxLatency, expectedApiKey, models,
                maxCallsPerMinute, failureRates, threads, value);
    }

    @Override
    public String toString() {
        return "SimulatorConfig[seed=" + seed + ", port=" + port + ", latency=" + minLatency + ".." + maxLatency
                + ", expectedApiKey=" + (expectedApiKey == null ? "(none)" : "****") + ", models=" + models
                + ", maxCallsPerMinute=" + maxCallsPerMinute + ", failureRates=" + failureRates
                + ", threads=" + threads + "]";
    }
}
