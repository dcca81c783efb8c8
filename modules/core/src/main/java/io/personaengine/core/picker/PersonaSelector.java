package io.personaengine.core.picker;

import io.personaengine.core.forum.Board;
import io.personaengine.core.forum.Persona;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

/**
 * Chooses the persona for a target: among eligible personas, those whose specialties best match
 * the board's and the post's tags, picking randomly among the best few so one persona does not
 * take everything.
 */
public final class PersonaSelector {

    private static final int SHORTLIST = 3;

    private final RandomGenerator random;

    public PersonaSelector(RandomGenerator random) {
        this.random = random;
    }

    /**
     * @param eligible which personas may act here (not the author, not engaged, under the limit)
     * @return the chosen persona, or empty if nobody eligible matches at least one tag
     */
    public Optional<Persona> choose(
            List<Persona> personas, List<String> boardTags, List<String> postTags, Predicate<Persona> eligible) {
        Set<String> boardTopics = normalise(boardTags);
        Set<String> postTopics = normalise(postTags);
        List<Scored> scored = new ArrayList<>();
        for (Persona persona : personas) {
            if (!persona.active() || !eligible.test(persona)) {
                continue;
            }
            int score = score(normalise(persona.specialties()), boardTopics, postTopics);
            if (score > 0) {
                scored.add(new Scored(persona, score));
            }
        }
        if (scored.isEmpty()) {
            return Optional.empty();
        }
        scored.sort(Comparator.comparingInt(Scored::score).reversed());
        int best = scored.get(0).score();
        List<Scored> shortlist = scored.stream()
                .filter(s -> s.score() * 2 >= best)
                .limit(SHORTLIST)
                .toList();
        return Optional.of(shortlist.get(random.nextInt(shortlist.size())).persona());
    }

    /** The board whose tags best fit the persona's specialties, randomly among equals; empty if none fits. */
    public Optional<Board> chooseBoard(Persona persona, List<Board> boards) {
        Set<String> specialties = normalise(persona.specialties());
        int best = 0;
        List<Board> bestBoards = new ArrayList<>();
        for (Board board : boards) {
            int score = score(specialties, normalise(board.tags()), Set.of());
            if (score > best) {
                best = score;
                bestBoards.clear();
            }
            if (score == best && score > 0) {
                bestBoards.add(board);
            }
        }
        return bestBoards.isEmpty() ? Optional.empty()
                : Optional.of(bestBoards.get(random.nextInt(bestBoards.size())));
    }

    // a post's own tags say more about it than the board it sits on
    private static int score(Set<String> specialties, Set<String> boardTopics, Set<String> postTopics) {
        int score = 0;
        for (String specialty : specialties) {
            if (postTopics.contains(specialty)) {
                score += 2;
            }
            if (boardTopics.contains(specialty)) {
                score += 1;
            }
        }
        return score;
    }

    private static Set<String> normalise(List<String> tags) {
        return tags.stream()
                .map(tag -> tag.strip().toLowerCase(Locale.ROOT))
                .filter(tag -> !tag.isEmpty())
                .collect(Collectors.toSet());
    }

    private record Scored(Persona persona, int score) {}
}
