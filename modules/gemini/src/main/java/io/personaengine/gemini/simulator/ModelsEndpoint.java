package io.personaengine.gemini.simulator;

import io.personaengine.gemini.api.ListModelsResponse;
import io.personaengine.gemini.api.ModelInfo;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /v1beta/models}, paged with {@code pageSize} and {@code pageToken} like the real API, and
 * {@code GET /v1beta/models/{id}}.
 */
final class ModelsEndpoint {

    private static final int DEFAULT_PAGE_SIZE = 50;
    private static final int MAX_PAGE_SIZE = 1000;
    private static final List<String> METHODS = List.of("generateContent", "countTokens");

    private final List<String> models;

    ModelsEndpoint(List<String> models) {
        this.models = List.copyOf(models);
    }

    SimulatedReply list(@Nullable String rawQuery) {
        Map<String, String> query = parse(rawQuery);
        int offset;
        int pageSize;
        try {
            offset = Integer.parseInt(query.getOrDefault("pageToken", "0"));
            pageSize = Integer.parseInt(query.getOrDefault("pageSize", String.valueOf(DEFAULT_PAGE_SIZE)));
        } catch (NumberFormatException e) {
            return SimulatedReply.invalidArgument("Invalid page token or page size.");
        }
        if (offset < 0 || offset > models.size() || pageSize < 0) {
            return SimulatedReply.invalidArgument("Invalid page token or page size.");
        }
        int size = pageSize == 0 ? DEFAULT_PAGE_SIZE : Math.min(pageSize, MAX_PAGE_SIZE);
        int end = Math.min(models.size(), offset + size);
        List<ModelInfo> page = models.subList(offset, end).stream().map(id -> ModelInfo.of(id, METHODS)).toList();
        return SimulatedReply.ok(new ListModelsResponse(page, end < models.size() ? String.valueOf(end) : null));
    }

    SimulatedReply get(String id) {
        return models.contains(id)
                ? SimulatedReply.ok(ModelInfo.of(id, METHODS))
                : SimulatedReply.notFound("models/" + id + " is not found for API version v1beta");
    }

    private static Map<String, String> parse(@Nullable String rawQuery) {
        Map<String, String> query = new HashMap<>();
        if (rawQuery == null) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                query.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
            }
        }
        return query;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
