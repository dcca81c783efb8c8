package io.personaengine.node.cli;

import io.personaengine.node.Database;
import io.personaengine.node.config.NodeConfig;
import io.personaengine.store.Migrations;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "migrate", mixinStandardHelpOptions = true, description = "Apply database migrations and exit.")
final class MigrateCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Override
    public Integer call() {
        NodeConfig loaded = config.load();
        try (Database database = Database.open(loaded)) {
            var result = Migrations.migrate(database.pool());
            System.out.printf("schema at version %s (%d migration(s) applied)%n",
                    result.targetSchemaVersion == null ? "unchanged" : result.targetSchemaVersion,
                    result.migrationsExecuted);
        }
        return 0;
    }
}
