package io.personaengine.gemini.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** One page of {@code GET /v1beta/models}; a {@code nextPageToken} means more pages follow. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ListModelsResponse(List<ModelInfo> models, @Nullable String nextPageToken) {

    public ListModelsResponse {
        models = models == null ? List.of() : List.copyOf(models);
    }
}
