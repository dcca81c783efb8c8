package io.personaengine.node.cli;

import io.personaengine.node.Database;
import io.personaengine.store.TaskControl;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "cancel", mixinStandardHelpOptions = true,
        description = {"Fails PENDING tasks with the reason \"" + TaskControl.CANCELLED + "\"; they never run.",
            "Running tasks are not touched. Filters combine (AND); `requeue --id` brings a cancelled task back."},
        footer = {"Examples:", "  cancel --id 42,43", "  cancel --type IMAGE_POST", "  cancel --persona 7 --type VOTE"})
final class CancelCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config;

    @Option(names = "--id", split = ",", paramLabel = "ID", description = "These tasks (repeat or comma-separate).")
    List<Long> ids = new ArrayList<>();

    @Option(names = "--type", paramLabel = "TYPE", description = "COMMENT, REPLY, VOTE, POST or IMAGE_POST.")
    @Nullable String type;

    @Option(names = "--persona", paramLabel = "ID", description = "This persona's tasks.")
    @Nullable Long persona;

    @Override
    public Integer call() throws Exception {
        TaskControl.Filter filter = TaskSelection.filter(spec, ids, type, persona, null, null);
        if (filter.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "name the tasks: --id, --type or --persona");
        }
        try (Database database = Database.open(config.load())) {
            List<Long> cancelled = new TaskControl(DSL.using(database.pool(), SQLDialect.POSTGRES)).cancel(filter);
            System.out.println(cancelled.isEmpty() ? "no PENDING task matches; nothing changed"
                    : "cancelled " + TaskSelection.tasks(cancelled.size()) + " (FAILED: " + TaskControl.CANCELLED + "): "
                            + TaskSelection.ids(cancelled));
            System.out.flush();
        }
        return 0;
    }
}
