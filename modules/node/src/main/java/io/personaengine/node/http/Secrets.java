package io.personaengine.node.http;

import io.personaengine.node.config.Redaction;
import java.util.Collection;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Takes secrets out of text before it leaves the node in a response: the configured values
 * themselves (a database password, an API key) wherever they appear, and passwords inside URLs.
 */
public final class Secrets {

    private final List<String> values;

    private Secrets(List<String> values) {
        this.values = values;
    }

    /** @param values the secrets; null and empty ones are ignored */
    public static Secrets of(Collection<@Nullable String> values) {
        return new Secrets(values.stream().filter(v -> v != null && !v.isEmpty()).toList());
    }

    public String scrub(String text) {
        String scrubbed = text;
        for (String value : values) {
            scrubbed = scrubbed.replace(value, "****");
        }
        return Redaction.redact(scrubbed);
    }
}
