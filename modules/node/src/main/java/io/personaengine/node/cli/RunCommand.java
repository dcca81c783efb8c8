package io.personaengine.node.cli;

import static io.personaengine.node.config.ConfigKeys.GEMINI_API_KEY;
import static io.personaengine.node.config.ConfigKeys.GEMINI_BASE_URL;

import io.personaengine.node.Database;
import io.personaengine.node.PersonaNode;
import io.personaengine.node.config.ConfigException;
import io.personaengine.node.config.NodeConfig;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "run", mixinStandardHelpOptions = true, description = "Run one production node until stopped.")
final class RunCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Override
    public Integer call() throws Exception {
        NodeConfig loaded = config.load();
        if (!loaded.isSet(GEMINI_API_KEY) && !loaded.isSet(GEMINI_BASE_URL)) {
            throw new ConfigException(List.of("GEMINI_API_KEY and GEMINI_BASE_URL are both unset: `run` needs a key "
                    + "for the real Gemini API or the base URL of a simulator or proxy (`demo` starts a simulator)"));
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Database database = Database.open(loaded);
        PersonaNode node;
        try {
            node = PersonaNode.start(database.nodeConfig());
        } catch (Exception e) {
            database.close();
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            database.close();
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
        return 0;
    }
}
