package io.personaengine.node.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "pause", mixinStandardHelpOptions = true,
        description = {"Pauses the picker, the runner, a task type or a persona for the whole cluster.",
            "Stored in the database: every node honours it at its next claim or tick, and it outlives restarts."},
        footer = {"Examples:", "  pause runner", "  pause --type IMAGE_POST", "  pause --persona 7"})
final class PauseCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Mixin
    PauseTarget target;

    @Override
    public Integer call() throws Exception {
        return target.apply(config.load(), true, System.out);
    }
}
