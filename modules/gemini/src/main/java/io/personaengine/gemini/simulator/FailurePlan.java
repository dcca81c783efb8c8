package io.personaengine.gemini.simulator;

import static java.util.Objects.requireNonNull;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.jspecify.annotations.Nullable;

/**
 * Which failure, if any, the next call gets: those queued for its model first, then those queued
 * for any model, then the random rates. Thread-safe.
 */
final class FailurePlan {

    private final ArrayDeque<Failure> queued = new ArrayDeque<>();
    private final Map<String, ArrayDeque<Failure>> queuedByModel = new HashMap<>();
    private final Map<Failure, Double> rates;
    private final Random random;

    FailurePlan(Map<Failure, Double> rates, long seed) {
        this.rates = requireNonNull(rates, "rates");
        this.random = new Random(seed);
    }

    synchronized void failNext(int times, Failure failure) {
        enqueue(queued, times, failure);
    }

    synchronized void failNext(String model, int times, Failure failure) {
        requireNonNull(model, "model");
        enqueue(queuedByModel.computeIfAbsent(model, m -> new ArrayDeque<>()), times, failure);
    }

    synchronized void clear() {
        queued.clear();
        queuedByModel.clear();
    }

    synchronized int queuedCount() {
        return queued.size() + queuedByModel.values().stream().mapToInt(ArrayDeque::size).sum();
    }

    synchronized @Nullable Failure next(String model) {
        ArrayDeque<Failure> forModel = queuedByModel.get(model);
        if (forModel != null && !forModel.isEmpty()) {
            return forModel.removeFirst();
        }
        if (!queued.isEmpty()) {
            return queued.removeFirst();
        }
        if (rates.isEmpty()) {
            return null;
        }
        double roll = random.nextDouble();
        double cumulative = 0;
        for (Map.Entry<Failure, Double> rate : rates.entrySet()) {
            cumulative += rate.getValue();
            if (roll < cumulative) {
                return rate.getKey();
            }
        }
        return null;
    }

    private static void enqueue(ArrayDeque<Failure> queue, int times, Failure failure) {
        requireNonNull(failure, "failure");
        if (times < 0) {
            throw new IllegalArgumentException("times must not be negative: " + times);
        }
        for (int i = 0; i < times; i++) {
            queue.addLast(failure);
        }
    }
}
