package io.personaengine.gemini;

import io.personaengine.core.content.ContentException;
import io.personaengine.core.content.Usage;

/** Translates a {@link GeminiException} into core's {@link ContentException}. */
final class GeminiFailures {

    private GeminiFailures() {}

    static ContentException toContentException(GeminiException e, String model) {
        // a failed call still went upstream; a blocked answer also reports what it cost
        Usage usage = e.response()
                .map(response -> GeminiContentGenerator.usageOf(response, model))
                .orElse(new Usage(1, 0, 0, model));
        return new ContentException(
                kindOf(e), e.getMessage(), e.retryDelay().orElse(null), e.dailyQuota(), usage, e);
    }

    /** 401 and 403 refuse the key, and 404 the model, for every request alike: an outage, not a task's fault. */
    static ContentException.Kind kindOf(GeminiException e) {
        if (e.kind() == GeminiException.Kind.CLIENT
                && (e.httpStatus() == 401 || e.httpStatus() == 403 || e.httpStatus() == 404)) {
            return ContentException.Kind.OUTAGE;
        }
        switch (e.kind()) {
            case RATE_LIMITED:
                return ContentException.Kind.RATE_LIMITED;
            case SERVER:
            case TRANSPORT:
                return ContentException.Kind.UNAVAILABLE;
            case BLOCKED:
                return ContentException.Kind.BLOCKED;
            case CLIENT:
            default:
                return ContentException.Kind.REFUSED;
        }
    }
}
