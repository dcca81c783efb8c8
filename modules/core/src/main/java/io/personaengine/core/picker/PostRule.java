package io.personaengine.core.picker;

import io.personaengine.core.forum.Board;
import io.personaengine.core.forum.Persona;
import io.personaengine.core.task.TaskType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rules 4 and 5. Rule 4: while persona posts of the last 24 h plus queued ones are below
 * {@code POSTS_PER_DAY}, random active personas get POST tasks on a board that fits them. Rule 5: on
 * about one tick in {@code IMAGE_POST_ONE_IN_TICKS}, one creative persona gets an IMAGE_POST task.
 */
final class PostRule implements PickerRule {

    private static final Logger log = LoggerFactory.getLogger(PostRule.class);

    private final ForumActivity forum;
    private final PersonaSelector selector;
    private final TaskType type;

    private PostRule(ForumActivity forum, PersonaSelector selector, TaskType type) {
        this.forum = forum;
        this.selector = selector;
        this.type = type;
    }

    static PostRule posts(ForumActivity forum, PersonaSelector selector) {
        return new PostRule(forum, selector, TaskType.POST);
    }

    static PostRule imagePosts(ForumActivity forum, PersonaSelector selector) {
        return new PostRule(forum, selector, TaskType.IMAGE_POST);
    }

    @Override
    public void plan(Tick tick) {
        int wanted = wanted(tick);
        if (wanted <= 0) {
            return;
        }
        List<Board> boards = forum.boards();
        Predicate<Persona> eligible = type == TaskType.IMAGE_POST ? Persona::creative : p -> true;
        List<Persona> shuffled = new ArrayList<>(tick.personas());
        shuffle(shuffled, tick);
        Set<Long> chosen = new HashSet<>();
        for (Persona persona : shuffled) {
            if (chosen.size() >= wanted || tick.full()) {
                return;
            }
            if (!eligible.test(persona) || !tick.underHourlyLimit(persona)) {
                continue;
            }
            Optional<Board> board = selector.chooseBoard(persona, boards);
            if (board.isEmpty()) {
                log.debug("persona {}: no board fits its specialties {}; no {} for it", persona.id(),
                        persona.specialties(), type);
                continue;
            }
            chosen.add(persona.id());
            tick.plan(persona, type, null, null, board.get().id());
        }
        if (chosen.size() < wanted) {
            log.debug("{}: wanted {}, found {} eligible persona(s) with a fitting board", type, wanted, chosen.size());
        }
    }

    private int wanted(Tick tick) {
        if (type == TaskType.IMAGE_POST) {
            int oneIn = tick.settings().imagePostOneInTicks();
            return oneIn > 0 && tick.random().nextInt(oneIn) == 0 ? 1 : 0;
        }
        int postsPerDay = tick.settings().postsPerDay();
        return postsPerDay == 0 ? 0 : postsPerDay - forum.personaPostsIncludingQueued(tick.settings().recentWindow());
    }

    private static void shuffle(List<Persona> personas, Tick tick) {
        for (int i = personas.size() - 1; i > 0; i--) {
            int j = tick.random().nextInt(i + 1);
            personas.set(i, personas.set(j, personas.get(i)));
        }
    }
}
