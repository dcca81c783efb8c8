package io.personaengine.gemini.api;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One entry of {@code GET /v1beta/models}.
 *
 * @param name the resource name, {@code models/<id>}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelInfo(String name, @Nullable String displayName, List<String> supportedGenerationMethods) {

    public ModelInfo {
        requireNonNull(name, "name");
        supportedGenerationMethods =
                supportedGenerationMethods == null ? List.of() : List.copyOf(supportedGenerationMethods);
    }

    public static ModelInfo of(String id, List<String> supportedGenerationMethods) {
        return new ModelInfo("models/" + id, null, supportedGenerationMethods);
    }

    /** The bare model id, as used in request paths ({@code gemini-3.8-flash}). */
    public String id() {
        return name.startsWith("models/") ? name.substring("models/".length()) : name;
    }

    public boolean supportsGenerateContent() {
        return supportedGenerationMethods.contains("generateContent");
    }
}
