package io.personaengine.node.cli;

import io.personaengine.core.task.TaskType;
import io.personaengine.node.Database;
import io.personaengine.node.config.ConfigKeys;
import io.personaengine.node.config.NodeConfig;
import io.personaengine.node.quartz.ClusterScheduler;
import io.personaengine.store.OperatorPauses;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.quartz.JobKey;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** What {@code pause} and {@code resume} act on: exactly one of picker, runner, a type, a persona. */
final class PauseTarget {

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "picker|runner",
            description = "The task-picker or task-runner job, for the whole cluster (the Quartz job pause).")
    @Nullable String job;

    @Option(names = "--type", paramLabel = "TYPE",
            description = "Tasks of this type (COMMENT, REPLY, VOTE, POST, IMAGE_POST) stay PENDING on every node.")
    @Nullable String type;

    @Option(names = "--persona", paramLabel = "ID", description = "This persona's tasks stay PENDING on every node.")
    @Nullable Long persona;

    /** Applies the pause ({@code pause} true) or lifts it, and prints what changed. */
    int apply(NodeConfig config, boolean pause, PrintStream out) throws Exception {
        Object target = target();
        try (Database database = Database.open(config)) {
            boolean changed;
            String what;
            if (target instanceof JobKey key) {
                what = key.getName();
                try (ClusterScheduler control = ClusterScheduler.control(database.pool(),
                        config.get(ConfigKeys.SCHEDULER_INTERVAL_MS))) {
                    changed = pause ? control.pause(key) : control.resume(key);
                }
            } else {
                OperatorPauses pauses = new OperatorPauses(DSL.using(database.pool(), SQLDialect.POSTGRES));
                if (target instanceof TaskType taskType) {
                    what = "type " + taskType;
                    changed = pause ? pauses.pauseType(taskType, Operator.who()) : pauses.resumeType(taskType);
                } else {
                    long id = (Long) target;
                    what = "persona " + id;
                    try {
                        changed = pause ? pauses.pausePersona(id, Operator.who()) : pauses.resumePersona(id);
                    } catch (IllegalArgumentException e) {
                        throw new ParameterException(spec.commandLine(), "--persona " + id + ": " + e.getMessage());
                    }
                }
            }
            if (changed) {
                out.println((pause ? "paused " : "resumed ") + what + " for the whole cluster"
                        + (pause ? consequence(target) : ""));
            } else {
                out.println(what + (pause ? " was paused already" : " was not paused") + "; nothing changed");
            }
            out.flush();
            return 0;
        }
    }

    private Object target() {
        int given = (job != null ? 1 : 0) + (type != null ? 1 : 0) + (persona != null ? 1 : 0);
        if (given != 1) {
            throw new ParameterException(spec.commandLine(),
                    "name exactly one of: picker, runner, --type TYPE, --persona ID");
        }
        if (job != null) {
            return switch (job.toLowerCase(Locale.ROOT)) {
                case "picker" -> ClusterScheduler.PICKER;
                case "runner" -> ClusterScheduler.RUNNER;
                default -> throw new ParameterException(spec.commandLine(),
                        "'" + job + "' is neither picker nor runner");
            };
        }
        if (type != null) {
            try {
                return TaskType.valueOf(type.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(),
                        "--type '" + type + "' is not one of " + Arrays.toString(TaskType.values()));
            }
        }
        return persona;
    }

    private static String consequence(Object target) {
        if (target == ClusterScheduler.PICKER) {
            return ": no new tasks are planned; queued tasks still run";
        }
        if (target == ClusterScheduler.RUNNER) {
            return ": no node claims tasks; running ones finish";
        }
        return ": its tasks stay PENDING until resumed";
    }
}
