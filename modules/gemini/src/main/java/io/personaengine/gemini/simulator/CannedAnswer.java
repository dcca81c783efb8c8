package io.personaengine.gemini.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.personaengine.gemini.api.Candidate;
import io.personaengine.gemini.api.Content;
import io.personaengine.gemini.api.FinishReason;
import io.personaengine.gemini.api.GenerateContentRequest;
import io.personaengine.gemini.api.GenerateContentResponse;
import io.personaengine.gemini.api.GenerationConfig;
import io.personaengine.gemini.api.GeminiJson;
import io.personaengine.gemini.api.InlineData;
import io.personaengine.gemini.api.Part;
import io.personaengine.gemini.api.ThinkingConfig;
import io.personaengine.gemini.api.UsageMetadata;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.jspecify.annotations.Nullable;

/**
 * A successful answer to one request, deterministic given the seed and the request. Tokens are
 * estimated at four characters each; thinking spends tokens unless the request turned it down,
 * and the answer is cut at {@code maxOutputTokens} with finish reason MAX_TOKENS, as a real
 * thinking model would.
 */
final class CannedAnswer {

    static final int IMAGE_TOKENS = 1290;
    private static final Part THOUGHT = new Part("**Weighing the thread** before answering.", null, true, null);

    private final long seed;

    CannedAnswer(long seed) {
        this.seed = seed;
    }

    GenerateContentResponse answer(String model, GenerateContentRequest request) {
        String persona = persona(request);
        String topic = request.contents().stream().map(Content::text).reduce("", (a, b) -> a + "\n" + b);
        Random random = new Random(seed * 1_000_003L + (persona + '\u0000' + topic).hashCode());
        GenerationConfig config = request.config();
        int budget = config.maxOutputTokens() == null ? Integer.MAX_VALUE : config.maxOutputTokens();
        int thoughts = Math.min(budget, thinkingTokens(config.thinkingConfig(), random));
        String text = config.wantsImage() ? caption(topic, random) : body(config, persona, topic, random);
        int room = budget - thoughts;
        boolean cut = tokens(text) > room;
        if (cut) {
            text = text.substring(0, Math.min(text.length(), room * 4));
        }
        List<Part> parts = new ArrayList<>();
        if (thoughts > 0 && includeThoughts(config)) {
            parts.add(THOUGHT);
        }
        if (!text.isEmpty()) {
            parts.add(Part.text(text));
        }
        int answerTokens = tokens(text);
        if (config.wantsImage() && !cut) {
            byte[] png = TinyPng.gradient(16, random.nextInt(), random.nextInt());
            parts.add(Part.inlineData(InlineData.of("image/png", png)));
            answerTokens += IMAGE_TOKENS;
        }
        Content content = parts.isEmpty() ? null : new Content("model", parts);
        FinishReason finish = cut ? FinishReason.MAX_TOKENS : FinishReason.STOP;
        Candidate candidate = new Candidate(content, finish, null, List.of(), 0);
        int prompt = promptTokens(request);
        UsageMetadata usage = new UsageMetadata(prompt, answerTokens, thoughts, prompt + answerTokens + thoughts,
                config.wantsImage() && !cut
                        ? List.of(new UsageMetadata.ModalityTokenCount("TEXT", answerTokens - IMAGE_TOKENS),
                                new UsageMetadata.ModalityTokenCount("IMAGE", IMAGE_TOKENS))
                        : null);
        return new GenerateContentResponse(List.of(candidate), null, usage, model, responseId(random));
    }

    static int promptTokens(GenerateContentRequest request) {
        return tokens(persona(request)) + request.contents().stream().mapToInt(c -> tokens(c.text())).sum();
    }

    private static String persona(GenerateContentRequest request) {
        return request.systemInstruction() == null ? "" : request.systemInstruction().text();
    }

    private static boolean includeThoughts(GenerationConfig config) {
        return config.thinkingConfig() != null && Boolean.TRUE.equals(config.thinkingConfig().includeThoughts());
    }

    private static String caption(String topic, Random random) {
        return "Here is the picture: " + CannedText.title(topic, random).toLowerCase(Locale.ROOT) + ".";
    }

    static int tokens(String text) {
        return (text.length() + 3) / 4;
    }

    private static String body(GenerationConfig config, String persona, String topic, Random random) {
        if ("application/json".equals(config.responseMimeType())) {
            JsonNode value = new CannedJson(persona, topic, random).fill(config.responseJsonSchema());
            return new String(GeminiJson.write(value), StandardCharsets.UTF_8);
        }
        return CannedText.prose(persona, topic, random);
    }

    /** None when turned off, a little at low levels, more when left to the model. */
    private static int thinkingTokens(@Nullable ThinkingConfig thinking, Random random) {
        if (thinking == null) {
            return 96 + random.nextInt(128);
        }
        if (thinking.thinkingBudget() != null) {
            int budget = thinking.thinkingBudget();
            return budget == 0 ? 0 : budget < 0 ? 96 + random.nextInt(128) : Math.min(budget, 32 + random.nextInt(96));
        }
        String level = String.valueOf(thinking.thinkingLevel()).toLowerCase(Locale.ROOT);
        switch (level) {
            case "minimal":
                return random.nextInt(8);
            case "low":
                return 16 + random.nextInt(24);
            case "medium":
                return 64 + random.nextInt(64);
            default:
                return 128 + random.nextInt(128);
        }
    }

    private static String responseId(Random random) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < 22; i++) {
            id.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return id.toString();
    }
}
