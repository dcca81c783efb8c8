package io.personaengine.node.cli;

import static io.personaengine.node.config.ConfigKeys.LOG_FORMAT;

import io.personaengine.node.LogFormat;
import io.personaengine.node.config.NodeConfig;
import java.nio.file.Path;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The {@code --config FILE} option every command shares. Loading the configuration also applies its
 * {@code LOG_FORMAT}: the key may come from the file, which logback.xml cannot read.
 */
final class ConfigOption {

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file with configuration keys; environment variables win over it.")
    @Nullable Path file;

    NodeConfig load() {
        return applied(NodeConfig.load(System.getenv(), file));
    }

    NodeConfig load(Map<String, String> defaults) {
        return applied(NodeConfig.load(System.getenv(), file, defaults));
    }

    private static NodeConfig applied(NodeConfig config) {
        LogFormat.apply(config.get(LOG_FORMAT));
        return config;
    }
}
