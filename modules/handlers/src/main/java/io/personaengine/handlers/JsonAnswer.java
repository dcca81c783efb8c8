package io.personaengine.handlers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the fields of a structured answer. Schemas make well-formed answers likely, not certain:
 * every field is checked for presence and type, and a problem names the field.
 */
final class JsonAnswer {

    private static final ObjectMapper MAPPER =
            JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    private static final int EXCERPT_CHARS = 120;

    private JsonAnswer() {}

    /** The answer as a JSON object. */
    static Validated<JsonNode> object(String json) {
        try {
            JsonNode node = MAPPER.readTree(json);
            return node != null && node.isObject()
                    ? Validated.valid(node)
                    : Validated.invalid("expected a JSON object, got " + excerpt(json));
        } catch (JsonProcessingException e) {
            return Validated.invalid("malformed JSON: " + excerpt(json));
        }
    }

    /** A required string field. */
    static Validated<String> text(JsonNode object, String field) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return Validated.invalid("'" + field + "' is missing");
        }
        return value.isTextual()
                ? Validated.valid(value.asText())
                : Validated.invalid("'" + field + "' is not a string");
    }

    /** An optional array of strings; absent reads as empty. */
    static Validated<List<String>> texts(JsonNode object, String field) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return Validated.valid(List.of());
        }
        if (!value.isArray()) {
            return Validated.invalid("'" + field + "' is not an array");
        }
        List<String> texts = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                return Validated.invalid("'" + field + "' holds something other than strings");
            }
            texts.add(item.asText());
        }
        return Validated.valid(texts);
    }

    private static String excerpt(String json) {
        String flat = json.replaceAll("\\s+", " ").strip();
        return "'" + (flat.length() <= EXCERPT_CHARS ? flat : flat.substring(0, EXCERPT_CHARS) + "…") + "'";
    }
}
