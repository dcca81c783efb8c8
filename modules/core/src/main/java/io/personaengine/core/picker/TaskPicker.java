package io.personaengine.core.picker;

import static java.util.Objects.requireNonNull;

import io.personaengine.core.forum.Persona;
import io.personaengine.core.task.NewTask;
import io.personaengine.core.task.TaskStore;
import java.util.List;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds forum activity that deserves a persona and queues tasks for it. One {@link #pickOnce()}
 * is one tick: the five rules (comments, replies, votes, posts, image posts) run in order, sharing
 * a cap of {@code PICKER_MAX_NEW_TASKS_PER_TICK} new tasks and the personas' hourly limits. The cluster runs
 * at most one tick at a time, and the store's unique constraints keep duplicates out even if two
 * ever overlapped. A failing rule is logged and skipped; it never takes the tick down.
 */
public final class TaskPicker {

    private static final Logger log = LoggerFactory.getLogger(TaskPicker.class);

    private final ForumActivity forum;
    private final TaskStore tasks;
    private final PickerSettings settings;
    private final RandomGenerator random;
    private final List<PickerRule> rules;

    public TaskPicker(ForumActivity forum, TaskStore tasks, PickerSettings settings, RandomGenerator random) {
        this.forum = requireNonNull(forum, "forum");
        this.tasks = requireNonNull(tasks, "tasks");
        this.settings = requireNonNull(settings, "settings");
        this.random = requireNonNull(random, "random");
        PersonaSelector selector = new PersonaSelector(random);
        this.rules = List.of(
                new CommentRule(forum, selector),
                new ReplyRule(forum),
                new VoteRule(forum, selector),
                PostRule.posts(forum, selector),
                PostRule.imagePosts(forum, selector));
    }

    /** Runs the rules once. @return how many tasks were queued */
    public int pickOnce() {
        List<Persona> personas = forum.activePersonas();
        if (personas.isEmpty()) {
            log.debug("no active personas: nothing to pick");
            return 0;
        }
        Tick tick = new Tick(personas, forum.hourlyLoad(), settings, random);
        for (PickerRule rule : rules) {
            if (tick.full()) {
                log.info("picker tick is full ({} tasks); the rest waits for the next tick",
                        settings.maxNewTasksPerTick());
                break;
            }
            try {
                rule.plan(tick);
            } catch (RuntimeException e) {
                log.warn("picker rule {} failed; the other rules go on and it runs again next tick",
                        rule.getClass().getSimpleName(), e);
            }
        }
        int queued = schedule(tick.planned());
        if (queued > 0) {
            log.info("picker queued {} task(s)", queued);
        }
        return queued;
    }

    private int schedule(List<NewTask> planned) {
        if (planned.isEmpty()) {
            return 0;
        }
        try {
            return tasks.schedule(planned);
        } catch (RuntimeException e) {
            // one bad row (say, a persona deleted a moment ago) must not hold back the others
            log.warn("queuing {} task(s) at once failed; queuing them one by one", planned.size(), e);
            int queued = 0;
            for (NewTask task : planned) {
                try {
                    queued += tasks.schedule(List.of(task));
                } catch (RuntimeException single) {
                    log.warn("could not queue {}; skipped this tick", task, single);
                }
            }
            return queued;
        }
    }
}
