package io.personaengine.gemini.guard;

import static java.util.Objects.requireNonNull;

import io.personaengine.core.content.CallPermits;
import io.personaengine.core.content.ContentException;
import io.personaengine.core.content.ContentGenerator;
import io.personaengine.core.content.GeneratedImage;
import io.personaengine.core.content.GeneratedText;
import io.personaengine.core.content.ImagePrompt;
import io.personaengine.core.content.JsonPrompt;
import io.personaengine.core.content.TextPrompt;
import io.personaengine.gemini.GeminiContentGenerator;
import io.personaengine.gemini.GeminiObserver;

/**
 * A {@link ContentGenerator} whose every upstream call obeys the cluster's rules (limits hold
 * cluster-wide; upstream trouble is not failure):
 * <ul>
 *   <li>at most {@code GEMINI_MAX_CALLS_PER_MINUTE} calls in any 60-second window, all nodes together,
 *       counted in the {@link CallPermits} ledger on the database clock; a call waits up to
 *       {@link GuardSettings#maxWait()} for a slot, else fails {@link ContentException.Kind#RATE_LIMITED}
 *       with the time to wait, so its task is deferred without using a retry;
 *   <li>a 429 pauses calls to that model on every node, for the server's delay or, for a spent daily
 *       quota, until midnight in Los Angeles; calls during a pause fail the same way at once;
 *   <li>a brief outage (503, 500, 504, transport) is retried a few times with jittered backoff, each
 *       retry counted like any call, and the result is charged with every request sent.
 * </ul>
 * Thread-safe; a blocked caller is a worker thread, and interrupting it ends the wait.
 */
public final class GuardedContentGenerator implements ContentGenerator {

    private final ContentGenerator delegate;
    private final String textModel;
    private final String imageModel;
    private final CallGuard guard;

    /**
     * @param textModel the model {@code delegate} sends text and JSON prompts to
     * @param imageModel the model {@code delegate} draws with
     */
    public GuardedContentGenerator(ContentGenerator delegate, String textModel, String imageModel,
            CallPermits permits, GuardSettings settings) {
        this(delegate, textModel, imageModel, permits, settings, GeminiObserver.NONE);
    }

    /** As above, telling {@code observer} how long each call waited for its permit. */
    public GuardedContentGenerator(ContentGenerator delegate, String textModel, String imageModel,
            CallPermits permits, GuardSettings settings, GeminiObserver observer) {
        this(delegate, textModel, imageModel, new CallGuard(permits, settings, observer));
    }

    GuardedContentGenerator(ContentGenerator delegate, String textModel, String imageModel, CallGuard guard) {
        this.delegate = requireNonNull(delegate, "delegate");
        this.textModel = requireNonNull(textModel, "textModel");
        this.imageModel = requireNonNull(imageModel, "imageModel");
        this.guard = requireNonNull(guard, "guard");
    }

    /**
     * Gemini behind the cluster's permits: how a node wires it. Permit waits go to the same
     * {@link GeminiObserver} as {@code gemini}'s calls.
     */
    public static GuardedContentGenerator around(GeminiContentGenerator gemini, CallPermits permits,
            GuardSettings settings) {
        return new GuardedContentGenerator(gemini, gemini.textModel(), gemini.imageModel(), permits, settings,
                gemini.observer());
    }

    @Override
    public GeneratedText generateText(TextPrompt prompt) {
        long chars = chars(prompt.systemInstruction(), prompt.userText());
        return guard.call(textModel, tokens.estimate("text", chars), () -> delegate.generateText(prompt),
                GeneratedText::withEarlierUsage, result -> tokens.observe("text", chars, result.usage()));
    }

    @Override
    public GeneratedText generateJson(JsonPrompt prompt) {
        long chars = chars(prompt.systemInstruction(), prompt.userText(), prompt.jsonSchema());
        return guard.call(textModel, tokens.estimate("json", chars), () -> delegate.generateJson(prompt),
                GeneratedText::withEarlierUsage, result -> tokens.observe("json", chars, result.usage()));
    }

    @Override
    public GeneratedImage generateImage(ImagePrompt prompt) {
        long chars = chars(prompt.description());
        return guard.call(imageModel, tokens.estimate("image", chars), () -> delegate.generateImage(prompt),
                GeneratedImage::withEarlierUsage, result -> tokens.observe("image", chars, result.usage()));
    }

    /** The cluster's call limit changed (an operator's {@code limits set}): this node's own minute follows. */
    public void callsPerMinuteChanged(int callsPerMinute) {
        guard.callsPerMinuteChanged(callsPerMinute);
    }

    private static long chars(String... parts) {
        long chars = 0;
        for (String part : parts) {
            chars += part.length();
        }
        return chars;
    }

    private final TokenEstimate tokens = new TokenEstimate();
}
