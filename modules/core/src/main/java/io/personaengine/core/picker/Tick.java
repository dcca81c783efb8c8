package io.personaengine.core.picker;

import io.personaengine.core.forum.Persona;
import io.personaengine.core.task.NewTask;
import io.personaengine.core.task.TaskType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * One picker tick in progress: the active personas, what each may still do this hour, and the tasks
 * planned so far, never more than the tick's cap.
 */
final class Tick {

    private final List<Persona> personas;
    private final Map<Long, Integer> load;
    private final PickerSettings settings;
    private final RandomGenerator random;
    private final List<NewTask> planned = new ArrayList<>();

    Tick(List<Persona> personas, Map<Long, Integer> hourlyLoad, PickerSettings settings, RandomGenerator random) {
        this.personas = List.copyOf(personas);
        this.load = new HashMap<>(hourlyLoad);
        this.settings = settings;
        this.random = random;
    }

    List<Persona> personas() {
        return personas;
    }

    PickerSettings settings() {
        return settings;
    }

    RandomGenerator random() {
        return random;
    }

    /** How many more tasks this tick may plan. */
    int room() {
        return settings.maxNewTasksPerTick() - planned.size();
    }

    boolean full() {
        return room() <= 0;
    }

    /** True while the persona's actions in the rolling hour, plus what is queued, stay under its limit. */
    boolean underHourlyLimit(Persona persona) {
        return load.getOrDefault(persona.id(), 0) < settings.personaMaxActionsPerHour();
    }

    /** Plans a task due after the type's random delay, counting it against the persona's hour. */
    void plan(Persona persona, TaskType type, @Nullable Long postId, @Nullable Long commentId,
            @Nullable Long boardId) {
        if (full()) {
            throw new IllegalStateException("the tick is full");
        }
        planned.add(new NewTask(persona.id(), type, postId, commentId, boardId,
                settings.delays().of(type).sample(random), settings.maxRetries()));
        load.merge(persona.id(), 1, Integer::sum);
    }

    List<NewTask> planned() {
        return List.copyOf(planned);
    }
}
