package io.personaengine.node.cli;

import io.personaengine.core.task.TaskType;
import io.personaengine.node.config.Durations;
import io.personaengine.store.TaskControl;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Parsing and printing shared by {@code requeue} and {@code cancel}. */
final class TaskSelection {

    /** Ids printed in full up to this many; more are counted. */
    private static final int SHOWN = 50;

    private TaskSelection() {}

    static TaskControl.Filter filter(CommandSpec spec, List<Long> ids, @Nullable String type, @Nullable Long persona,
            @Nullable String since, @Nullable String reasonLike) {
        Optional<TaskType> taskType = Optional.ofNullable(type).map(t -> {
            try {
                return TaskType.valueOf(t.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(),
                        "--type '" + t + "' is not one of " + Arrays.toString(TaskType.values()));
            }
        });
        Optional<Duration> within = Optional.ofNullable(since).map(text -> {
            try {
                return Durations.parse(text);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--since '" + text + "': " + e.getMessage());
            }
        });
        if (reasonLike != null && reasonLike.isBlank()) {
            throw new ParameterException(spec.commandLine(), "--reason-like needs a pattern such as '%timeout%'");
        }
        return new TaskControl.Filter(new ArrayList<>(ids), taskType, Optional.ofNullable(persona), within,
                Optional.ofNullable(reasonLike));
    }

    static String ids(List<Long> ids) {
        String shown = ids.stream().limit(SHOWN).map(String::valueOf).collect(Collectors.joining(", "));
        return ids.size() > SHOWN ? shown + " … and " + (ids.size() - SHOWN) + " more" : shown;
    }

    static String tasks(int n) {
        return n == 1 ? "1 task" : n + " tasks";
    }
}
