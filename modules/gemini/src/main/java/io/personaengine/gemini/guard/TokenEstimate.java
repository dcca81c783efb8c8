package io.personaengine.gemini.guard;

import io.personaengine.core.content.Usage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Input tokens of a prompt before it is sent, for the token limit: its characters times the
 * tokens per character that answers to prompts of its kind (text, JSON, image) have reported lately, a little high. Until a model has
 * answered, one token per three characters (Gemini's tokenizer averages about four in English).
 * Counting high keeps the limit whole; the ledger is corrected from the real usage afterwards.
 * Thread-safe.
 */
final class TokenEstimate {

    /** Tokens per character before any answer: high for English, so the first calls err on the safe side. */
    static final double FIRST_RATIO = 1.0 / 3;
    /** Headroom over the observed ratio, for prompts a little denser than the average. */
    static final double MARGIN = 1.05;
    /** The request's framing (roles, separators), in tokens. */
    static final int FRAMING_TOKENS = 8;
    /** Weight of each new observation in the moving average. */
    private static final double WEIGHT = 0.2;

    private final ConcurrentMap<String, Double> ratios = new ConcurrentHashMap<>();

    long estimate(String kind, long chars) {
        double ratio = ratios.getOrDefault(kind, FIRST_RATIO / MARGIN);
        return (long) Math.ceil(chars * ratio * MARGIN) + FRAMING_TOKENS;
    }

    /** Learns from an answer's usage; returns it, so callers can pass it on. */
    Usage observe(String kind, long chars, Usage usage) {
        if (chars > 0 && usage.promptTokens() > 0) {
            double observed = (double) usage.promptTokens() / chars;
            ratios.merge(kind, observed, (old, now) -> old + WEIGHT * (now - old));
        }
        return usage;
    }
}
