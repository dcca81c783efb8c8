package io.personaengine.gemini;

import io.personaengine.core.content.ContentException;
import io.personaengine.core.content.Usage;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Hears every Gemini call a node makes and every wait for a call permit; the node turns them into
 * metrics. Called on the worker thread that made the call, so implementations are thread-safe, fast
 * and never block. An implementation that throws is logged and ignored: it never fails a call.
 */
public interface GeminiObserver {

    GeminiObserver NONE = new GeminiObserver() {};

    /**
     * One request went upstream to {@code model} and its answer was read.
     *
     * @param model the bare model id the request was sent to (not the version the server reported)
     * @param failure null when the answer was usable; otherwise why not, {@link
     *     ContentException.Kind#RATE_LIMITED} for a 429
     * @param usage what the request cost; tokens are zero when the server reported none
     */
    default void called(String model, ContentException.@Nullable Kind failure, Usage usage) {}

    /**
     * A worker waited {@code waited} for a permit to call {@code model}.
     *
     * @param granted false when no permit came (calls paused, the window full for too long, the
     *     ledger unreachable): the call was not made
     */
    default void permitWaited(String model, Duration waited, boolean granted) {}
}
