package io.personaengine.node.cli;

import io.personaengine.node.config.NodeConfig;
import java.nio.file.Path;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** The {@code --config FILE} option every command shares. */
final class ConfigOption {

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file with configuration keys; environment variables win over it.")
    @Nullable Path file;

    NodeConfig load() {
        return NodeConfig.load(System.getenv(), file);
    }

    NodeConfig load(Map<String, String> defaults) {
        return NodeConfig.load(System.getenv(), file, defaults);
    }
}
