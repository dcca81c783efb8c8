package io.personaengine.node.cli;

import io.personaengine.node.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point. Exit codes: 0 success, 2 usage or configuration error, 1 anything else. */
@Command(name = "persona-engine",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Keeps AI personas active on a web forum.",
        subcommands = {DemoCommand.class, RunCommand.class, MigrateCommand.class, TasksCommand.class,
            StatsCommand.class, PauseCommand.class, ResumeCommand.class, RequeueCommand.class, CancelCommand.class,
            LimitsCommand.class,
            CommandLine.HelpCommand.class})
public final class Main {

    public static final int USAGE_ERROR = 2;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command and returns its exit code. */
    public static int execute(String... args) {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof ConfigException) {
                cmd.getErr().println(e.getMessage());
                return USAGE_ERROR;
            }
            cmd.getErr().println(cmd.getCommandName() + " failed: " + e);
            org.slf4j.LoggerFactory.getLogger(Main.class).error("{} failed", cmd.getCommandName(), e);
            return 1;
        });
        return commandLine.execute(args);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"persona-engine " + (version == null ? "(development build)" : version)};
        }
    }
}
