package io.personaengine.node.cli;

import io.personaengine.node.Database;
import io.personaengine.store.TaskControl;
import java.io.PrintStream;
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

@Command(name = "requeue", mixinStandardHelpOptions = true,
        description = {"Puts FAILED tasks back to PENDING, due now, with fresh retries; their attempts stay as history.",
            "Filters combine (AND). Tasks cancelled by an operator come back only by --id or --reason-like.",
            "A task stays FAILED when another task for the same persona, type and target is open, or when the "
                + "persona already acted there."},
        footer = {"Examples:", "  requeue --id 42", "  requeue --type COMMENT --since 2h --reason-like '%%timed out%%'",
            "  requeue --all"})
final class RequeueCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config;

    @Option(names = "--id", split = ",", paramLabel = "ID", description = "These tasks (repeat or comma-separate).")
    List<Long> ids = new ArrayList<>();

    @Option(names = "--type", paramLabel = "TYPE", description = "COMMENT, REPLY, VOTE, POST or IMAGE_POST.")
    @Nullable String type;

    @Option(names = "--since", paramLabel = "DURATION", description = "Failed within this long, e.g. 2h.")
    @Nullable String since;

    @Option(names = "--reason-like", paramLabel = "PATTERN",
            description = "Error message matches this SQL ILIKE pattern, e.g. '%%429%%'.")
    @Nullable String reasonLike;

    @Option(names = "--all", description = "Every FAILED task (except operator cancellations), when no filter is given.")
    boolean all;

    @Override
    public Integer call() throws Exception {
        TaskControl.Filter filter = TaskSelection.filter(spec, ids, type, null, since, reasonLike);
        if (filter.isEmpty() != all) {
            throw new ParameterException(spec.commandLine(), all
                    ? "--all cannot be combined with filters"
                    : "name the tasks: --id, --type, --since or --reason-like, or --all for every FAILED task");
        }
        try (Database database = Database.open(config.load())) {
            TaskControl.Requeued result = new TaskControl(DSL.using(database.pool(), SQLDialect.POSTGRES)).requeue(filter);
            print(result, System.out);
        }
        return 0;
    }

    private static void print(TaskControl.Requeued result, PrintStream out) {
        if (result.requeued().isEmpty() && result.skipped().isEmpty()) {
            out.println("no FAILED task matches; nothing changed");
        }
        if (!result.requeued().isEmpty()) {
            out.println("requeued " + TaskSelection.tasks(result.requeued().size())
                    + " (PENDING, due now, retries fresh): " + TaskSelection.ids(result.requeued()));
        }
        if (!result.skipped().isEmpty()) {
            out.println("left FAILED " + TaskSelection.tasks(result.skipped().size())
                    + " (another task for the same persona, type and target is open or was just requeued, or the "
                    + "persona already acted there): " + TaskSelection.ids(result.skipped()));
        }
        out.flush();
    }
}
