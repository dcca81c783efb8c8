package io.personaengine.gemini.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.jspecify.annotations.Nullable;

/**
 * Structured output: a JSON value that fits the request's {@code responseJsonSchema} (objects,
 * arrays, strings, numbers, booleans, {@code enum}), or {@code {"text": ...}} without a schema.
 */
final class CannedJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String persona;
    private final String topic;
    private final Random random;

    CannedJson(String persona, String topic, Random random) {
        this.persona = persona;
        this.topic = topic;
        this.random = random;
    }

    JsonNode fill(@Nullable JsonNode schema) {
        if (schema == null) {
            return NODES.objectNode().put("text", CannedText.prose(persona, topic, random));
        }
        return value("text", schema, 0);
    }

    private JsonNode value(String name, JsonNode schema, int depth) {
        if (schema.path("enum").isArray() && schema.path("enum").size() > 0) {
            return schema.path("enum").get(0);
        }
        String type = schema.path("type").asText("string").toLowerCase(Locale.ROOT);
        switch (type) {
            case "object":
                return depth > 4 ? NODES.objectNode() : object(schema, depth);
            case "array":
                return array(name, schema.path("items"), depth);
            case "integer":
                return NODES.numberNode(1 + random.nextInt(5));
            case "number":
                return NODES.numberNode(Math.round(random.nextDouble() * 100) / 100.0);
            case "boolean":
                return NODES.booleanNode(random.nextBoolean());
            default:
                return NODES.textNode(text(name));
        }
    }

    private ObjectNode object(JsonNode schema, int depth) {
        ObjectNode object = NODES.objectNode();
        for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
            object.set(property.getKey(), value(property.getKey(), property.getValue(), depth + 1));
        }
        return object;
    }

    private ArrayNode array(String name, JsonNode items, int depth) {
        ArrayNode array = NODES.arrayNode();
        List<String> words = CannedText.topicKeywords(topic);
        for (int i = 0; i < 2; i++) {
            if (items.path("type").asText("string").equals("string") && !items.has("enum")) {
                array.add(words.isEmpty() ? "general" : words.get(i % words.size()));
            } else {
                array.add(value(name, items, depth + 1));
            }
        }
        return array;
    }

    private String text(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.contains("title") || lower.contains("name")
                ? CannedText.title(topic, random)
                : CannedText.prose(persona, topic, random);
    }
}
