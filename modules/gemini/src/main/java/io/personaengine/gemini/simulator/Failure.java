package io.personaengine.gemini.simulator;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * A failure the simulator can inject into {@code generateContent}, answered in the real API's
 * shape: see {@link GeminiSimulator#failNext(int, Failure)} and
 * {@link SimulatorConfig#withFailureRate(Failure, double)}.
 *
 * @param retryDelay the {@code RetryInfo} delay of the 429 kinds, how long a {@link Kind#STALL} holds
 *     the request; null for the others
 */
public record Failure(Kind kind, @Nullable Duration retryDelay) {

    /** The injectable failures. */
    public enum Kind {
        /** 429 RESOURCE_EXHAUSTED, per-minute quota, with QuotaFailure and RetryInfo. */
        RATE_LIMITED,
        /** 429 RESOURCE_EXHAUSTED, per-day quota ({@code ...PerDay...} quota id), with RetryInfo. */
        DAILY_QUOTA,
        /** 429 RESOURCE_EXHAUSTED with no details at all. */
        RATE_LIMITED_NO_DETAILS,
        /** 503 UNAVAILABLE, "The model is overloaded". */
        UNAVAILABLE,
        /** 500 INTERNAL. */
        INTERNAL,
        /** 400 INVALID_ARGUMENT. */
        BAD_REQUEST,
        /** 403 PERMISSION_DENIED. */
        PERMISSION_DENIED,
        /** 401 UNAUTHENTICATED: the key is not valid (revoked, or never was). */
        UNAUTHENTICATED,
        /** 200 with {@code promptFeedback.blockReason} PROHIBITED_CONTENT and no candidates. */
        BLOCKED_PROMPT,
        /** 200 with a candidate whose {@code finishReason} is SAFETY and that has no content. */
        BLOCKED_ANSWER,
        /** 200 with {@code finishReason} MAX_TOKENS, no content: thinking used the whole budget. */
        MAX_TOKENS_EMPTY,
        /** 200 with {@code finishReason} STOP and text that is not JSON (cut-off structured output). */
        MALFORMED_JSON,
        /** 200 with {@code finishReason} IMAGE_SAFETY, a finish message and no content. */
        IMAGE_SAFETY,
        /** 200 with {@code finishReason} NO_IMAGE and a sentence saying why. */
        NO_IMAGE,
        /** 200 with {@code finishReason} STOP and words only: the image model declined without saying so. */
        TEXT_INSTEAD_OF_IMAGE,
        /** The connection drops in the middle of the answer. */
        DISCONNECT,
        /** Nothing comes back for a while; then the connection drops: a Gemini that stopped answering. */
        STALL
    }

    public Failure {
        requireNonNull(kind, "kind");
        boolean timed = kind == Kind.RATE_LIMITED || kind == Kind.DAILY_QUOTA || kind == Kind.STALL;
        if (timed != (retryDelay != null)) {
            throw new IllegalArgumentException(
                    "retryDelay is required for, and only for, RATE_LIMITED, DAILY_QUOTA and STALL");
        }
        if (retryDelay != null && retryDelay.isNegative()) {
            throw new IllegalArgumentException("retryDelay must not be negative: " + retryDelay);
        }
    }

    public static Failure rateLimited(Duration retryDelay) {
        return new Failure(Kind.RATE_LIMITED, requireNonNull(retryDelay, "retryDelay"));
    }

    public static Failure dailyQuota(Duration retryDelay) {
        return new Failure(Kind.DAILY_QUOTA, requireNonNull(retryDelay, "retryDelay"));
    }

    public static Failure rateLimitedWithoutDetails() {
        return new Failure(Kind.RATE_LIMITED_NO_DETAILS, null);
    }

    public static Failure unavailable() {
        return new Failure(Kind.UNAVAILABLE, null);
    }

    public static Failure internal() {
        return new Failure(Kind.INTERNAL, null);
    }

    public static Failure badRequest() {
        return new Failure(Kind.BAD_REQUEST, null);
    }

    public static Failure permissionDenied() {
        return new Failure(Kind.PERMISSION_DENIED, null);
    }

    public static Failure unauthenticated() {
        return new Failure(Kind.UNAUTHENTICATED, null);
    }

    public static Failure blockedPrompt() {
        return new Failure(Kind.BLOCKED_PROMPT, null);
    }

    public static Failure blockedAnswer() {
        return new Failure(Kind.BLOCKED_ANSWER, null);
    }

    public static Failure maxTokensEmpty() {
        return new Failure(Kind.MAX_TOKENS_EMPTY, null);
    }

    public static Failure malformedJson() {
        return new Failure(Kind.MALFORMED_JSON, null);
    }

    public static Failure imageSafety() {
        return new Failure(Kind.IMAGE_SAFETY, null);
    }

    public static Failure noImage() {
        return new Failure(Kind.NO_IMAGE, null);
    }

    public static Failure textInsteadOfImage() {
        return new Failure(Kind.TEXT_INSTEAD_OF_IMAGE, null);
    }

    public static Failure disconnect() {
        return new Failure(Kind.DISCONNECT, null);
    }

    /** No answer for {@code silence}, then a dropped connection. */
    public static Failure stall(Duration silence) {
        return new Failure(Kind.STALL, silence);
    }

    SimulatedReply reply(String model, int promptTokens, int maxOutputTokens) {
        switch (kind) {
            case RATE_LIMITED:
                return SimulatedReply.rateLimited(model, "GenerateRequestsPerMinutePerProjectPerModel-FreeTier",
                        "10", requireNonNull(retryDelay));
            case DAILY_QUOTA:
                return SimulatedReply.rateLimited(model, "GenerateRequestsPerDayPerProjectPerModel-FreeTier",
                        "250", requireNonNull(retryDelay));
            case RATE_LIMITED_NO_DETAILS:
                return SimulatedReply.error(
                        429, "RESOURCE_EXHAUSTED", "Resource has been exhausted (e.g. check quota).");
            case UNAVAILABLE:
                return SimulatedReply.error(503, "UNAVAILABLE", "The model is overloaded. Please try again later.");
            case INTERNAL:
                return SimulatedReply.error(500, "INTERNAL", "An internal error has occurred. Please retry or "
                        + "report in https://developers.generativeai.google/guide/troubleshooting");
            case BAD_REQUEST:
                return SimulatedReply.invalidArgument("Request contains an invalid argument.");
            case PERMISSION_DENIED:
                return SimulatedReply.error(403, "PERMISSION_DENIED", "The caller does not have permission");
            case UNAUTHENTICATED:
                return SimulatedReply.error(401, "UNAUTHENTICATED", "API key not valid. Please pass a valid API key.");
            case DISCONNECT:
            case STALL:
                return SimulatedReply.DISCONNECT;
            default:
                return SimulatedReply.ok(FailedAnswer.body(kind, model, promptTokens, maxOutputTokens));
        }
    }
}
