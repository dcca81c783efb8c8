package io.personaengine.node.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "resume", mixinStandardHelpOptions = true,
        description = {"Lifts a pause of the picker, the runner, a task type or a persona for the whole cluster.",
            "Ticks missed while the picker or runner was paused are skipped, not replayed."},
        footer = {"Examples:", "  resume runner", "  resume --type IMAGE_POST", "  resume --persona 7"})
final class ResumeCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Mixin
    PauseTarget target;

    @Override
    public Integer call() throws Exception {
        return target.apply(config.load(), false, System.out);
    }
}
