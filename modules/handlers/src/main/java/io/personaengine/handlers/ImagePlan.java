package io.personaengine.handlers;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The first half of an image post: the post around the picture (its body is the caption) and the
 * description the image model gets.
 */
record ImagePlan(PostDraft post, String imagePrompt) {

    static final String SCHEMA = """
            {"type": "object",
             "properties": {
               "title": {"type": "string"},
               "caption": {"type": "string"},
               "tags": {"type": "array", "items": {"type": "string"}, "maxItems": 5},
               "imagePrompt": {"type": "string"}},
             "required": ["title", "caption", "tags", "imagePrompt"]}""";
    static final int MIN_PROMPT_CHARS = 10;
    static final int MAX_PROMPT_CHARS = 1_500;

    ImagePlan {
        requireNonNull(post, "post");
        requireNonNull(imagePrompt, "imagePrompt");
    }

    static Validated<ImagePlan> from(JsonNode answer) {
        return PostDraft.from(answer, "caption").flatMap(post ->
                JsonAnswer.text(answer, "imagePrompt").flatMap(ImagePlan::imagePrompt)
                        .map(prompt -> new ImagePlan(post, prompt)));
    }

    private static Validated<String> imagePrompt(String raw) {
        String prompt = UntrustedText.clean(raw.strip(), MAX_PROMPT_CHARS + 1);
        if (prompt.length() < MIN_PROMPT_CHARS || prompt.length() > MAX_PROMPT_CHARS) {
            return Validated.invalid("the imagePrompt has " + prompt.length() + " chars, not " + MIN_PROMPT_CHARS
                    + "–" + MAX_PROMPT_CHARS);
        }
        return Validated.valid(prompt);
    }
}
