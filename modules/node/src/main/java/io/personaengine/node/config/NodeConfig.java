package io.personaengine.node.config;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The validated configuration of one node. Values come from, in order of precedence: the
 * environment, the properties file given with {@code --config}, the defaults. Loading reports every
 * bad key at once, naming the values it accepts; secrets never appear in messages or logs.
 */
public final class NodeConfig {

    private final Map<String, Object> values;
    private final Map<String, String> sources;

    private NodeConfig(Map<String, Object> values, Map<String, String> sources) {
        this.values = values;
        this.sources = sources;
    }

    /** Loads from the environment and an optional properties file. */
    public static NodeConfig load(Map<String, String> environment, @Nullable Path file) {
        return load(environment, file, Map.of());
    }

    /**
     * Loads from the environment and an optional properties file, with some defaults replaced (the
     * demo's compressed delays): environment, then file, then these, then the contract's defaults.
     */
    public static NodeConfig load(Map<String, String> environment, @Nullable Path file, Map<String, String> defaults) {
        Map<String, String> fromFile = file == null ? Map.of() : readFile(file);
        return resolve(environment, fromFile, file == null ? "" : file.toString(), defaults);
    }

    /** Defaults with the given overrides, as the demo and tests use it. */
    public static NodeConfig of(Map<String, String> overrides) {
        return resolve(overrides, Map.of(), "", Map.of());
    }

    private static NodeConfig resolve(Map<String, String> environment, Map<String, String> fromFile, String fileName,
            Map<String, String> defaults) {
        List<String> problems = new ArrayList<>();
        Set<String> known = new TreeSet<>();
        ConfigKeys.ALL.forEach(s -> known.add(s.key()));
        for (String key : new TreeSet<>(fromFile.keySet())) {
            if (!known.contains(key)) {
                problems.add(key + " (in " + fileName + "): unknown key; known keys are " + String.join(", ", known));
            }
        }
        Map<String, Object> values = new HashMap<>();
        Map<String, String> sources = new LinkedHashMap<>();
        for (Setting<?> setting : ConfigKeys.ALL) {
            // an empty value (FOO= in a unit file or a shell) means "not set here"
            String text = emptyToNull(environment.get(setting.key()));
            String source = "environment";
            if (text == null) {
                text = emptyToNull(fromFile.get(setting.key()));
                source = fileName;
            }
            if (text == null && defaults.containsKey(setting.key())) {
                text = defaults.get(setting.key());
                source = "demo default";
            }
            if (text == null) {
                text = setting.defaultText();
                source = "default";
            }
            if (text == null || (text.isEmpty() && setting.defaultText() == null)) {
                continue; // unset, and allowed to be
            }
            try {
                values.put(setting.key(), setting.parser().apply(text));
                sources.put(setting.key(), source);
            } catch (RuntimeException e) {
                String shown = setting.secret() ? "(secret, " + text.length() + " chars)"
                        : "'" + Redaction.redact(text) + "'";
                problems.add(setting.key() + "=" + shown + " from " + source + ": " + e.getMessage()
                        + "; accepted: " + setting.accepted());
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new NodeConfig(values, sources);
    }

    private static @Nullable String emptyToNull(@Nullable String text) {
        return text == null || text.isEmpty() ? null : text;
    }

    private static Map<String, String> readFile(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new ConfigException(List.of("--config " + file + ": cannot read it (" + e.getMessage() + ")"));
        }
        Map<String, String> map = new HashMap<>();
        properties.stringPropertyNames().forEach(name -> map.put(name, properties.getProperty(name)));
        return map;
    }

    /** The value of a key that has a default. */
    public <T> T get(Setting<T> setting) {
        return optional(setting).orElseThrow(() -> new IllegalStateException(setting.key() + " is unset"));
    }

    /** The value of a key that may be unset. */
    @SuppressWarnings("unchecked")
    public <T> Optional<T> optional(Setting<T> setting) {
        return Optional.ofNullable((T) values.get(requireNonNull(setting, "setting").key()));
    }

    /** True when the key was given (environment, file or caller) rather than left at its default. */
    public boolean isSet(Setting<?> setting) {
        String source = sources.get(setting.key());
        return source != null && !source.equals("default");
    }

    /** This configuration with some keys replaced (by the command itself), validated again. */
    public NodeConfig with(Map<String, String> overrides) {
        Map<String, String> texts = new HashMap<>();
        for (Setting<?> setting : ConfigKeys.ALL) {
            optional(setting).ifPresent(value -> texts.put(setting.key(), text(value)));
        }
        texts.putAll(overrides);
        NodeConfig replaced = of(texts);
        replaced.sources.clear();
        replaced.sources.putAll(sources);
        overrides.keySet().forEach(key -> replaced.sources.put(key, "set by the command"));
        return replaced;
    }

    /** The effective configuration, one {@code KEY=value (source)} line per key, secrets masked. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        for (Setting<?> setting : ConfigKeys.ALL) {
            Object value = values.get(setting.key());
            String shown = value == null ? "(unset)" : setting.secret() ? "****" : Redaction.redact(text(value));
            String source = sources.getOrDefault(setting.key(), "default");
            lines.add(setting.key() + "=" + shown + " (" + source + ")");
        }
        return lines;
    }

    private static String text(Object value) {
        return value instanceof java.time.Duration d ? Durations.format(d) : value.toString();
    }
}
