package io.personaengine.gemini.guard;

import io.personaengine.core.content.ContentException;
import io.personaengine.core.content.Usage;
import org.jspecify.annotations.Nullable;

/**
 * What the attempts of one guarded call cost before the last one, so that the outcome, success or
 * failure, is charged with every request sent. One per call, used on the calling thread only.
 */
final class AttemptCosts {

    private Usage earlier = Usage.NONE;
    private @Nullable ContentException lastFailure;

    /** A new attempt starts: the failed one before it, if any, becomes an earlier cost. */
    void beginAttempt() {
        if (lastFailure != null) {
            earlier = earlier.plus(lastFailure.usage());
            lastFailure = null;
        }
    }

    void failed(ContentException failure) {
        lastFailure = failure;
    }

    /** The usage of the attempts before the one that ended the call. */
    Usage earlier() {
        return earlier;
    }

    /** The failure that ended the call, charged with the attempts before it. */
    ContentException charge(ContentException failure) {
        return earlier.equals(Usage.NONE) ? failure : failure.withEarlierUsage(earlier);
    }
}
