package io.personaengine.core.picker;

import static java.util.Objects.requireNonNull;

import io.personaengine.core.forum.Persona;
import io.personaengine.core.task.NewTask;
import io.personaengine.core.task.TaskStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds forum activity that deserves a persona and queues tasks for it. One {@link #pickOnce()}
 * is one tick; the cluster runs at most one at a time, and the store's unique constraints keep
 * duplicates out even if two ever overlapped.
 */
public final class TaskPicker {

    private static final Logger log = LoggerFactory.getLogger(TaskPicker.class);

    private final ForumActivity forum;
    private final TaskStore tasks;
    private final PickerSettings settings;
    private final PersonaSelector selector;
    private final RandomGenerator random;

    public TaskPicker(ForumActivity forum, TaskStore tasks, PickerSettings settings, RandomGenerator random) {
        this.forum = requireNonNull(forum, "forum");
        this.tasks = requireNonNull(tasks, "tasks");
        this.settings = requireNonNull(settings, "settings");
        this.random = requireNonNull(random, "random");
        this.selector = new PersonaSelector(random);
    }

    /** Runs the picker rules once. @return how many tasks were queued */
    public int pickOnce() {
        List<Persona> personas = forum.activePersonas();
        if (personas.isEmpty()) {
            log.debug("no active personas: nothing to pick");
            return 0;
        }
        Budget budget = new Budget(forum.hourlyLoad(), settings.personaMaxActionsPerHour());
        List<NewTask> planned = new ArrayList<>();
        planComments(personas, budget, planned);
        int queued = planned.isEmpty() ? 0 : tasks.schedule(planned);
        if (queued > 0) {
            log.info("picker queued {} task(s)", queued);
        }
        return queued;
    }

    // rule 1: recent posts with fewer persona comments than wanted
    private void planComments(List<Persona> personas, Budget budget, List<NewTask> planned) {
        int room = settings.maxNewTasksPerTick() - planned.size();
        if (room <= 0 || settings.commentsPerPost() == 0) {
            return;
        }
        for (CommentCandidate post :
                forum.postsNeedingComments(settings.recentWindow(), settings.commentsPerPost(), room)) {
            Set<Long> engaged = new HashSet<>(post.engagedPersonaIds());
            int missing = settings.commentsPerPost() - post.personaComments();
            for (int i = 0; i < missing && planned.size() < settings.maxNewTasksPerTick(); i++) {
                var chosen = selector.choose(personas, post.boardTags(), post.postTags(),
                        p -> p.userId() != post.authorUserId() && !engaged.contains(p.id()) && budget.allows(p.id()));
                if (chosen.isEmpty()) {
                    log.debug("post {}: no eligible persona matches tags {} / {}",
                            post.postId(), post.boardTags(), post.postTags());
                    break;
                }
                Persona persona = chosen.get();
                engaged.add(persona.id());
                budget.use(persona.id());
                planned.add(NewTask.comment(persona.id(), post.postId(),
                        settings.commentDelay().sample(random), settings.maxRetries()));
            }
        }
    }

    /** Per-persona hourly allowance left for this tick. */
    private static final class Budget {
        private final Map<Long, Integer> load;
        private final int limit;

        Budget(Map<Long, Integer> load, int limit) {
            this.load = new HashMap<>(load);
            this.limit = limit;
        }

        boolean allows(long personaId) {
            return load.getOrDefault(personaId, 0) < limit;
        }

        void use(long personaId) {
            load.merge(personaId, 1, Integer::sum);
        }
    }
}
