package io.personaengine.core.picker;

import static org.assertj.core.api.Assertions.assertThat;

import io.personaengine.core.forum.Persona;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PersonaSelectorTest {

    private final PersonaSelector selector = new PersonaSelector(new SplittableRandom(42));

    private static Persona persona(long id, boolean active, String... specialties) {
        return new Persona(id, 100 + id, "p" + id, "P" + id, "plain", List.of(specialties), false, active);
    }

    @Test
    void choosesOnlyAmongPersonasWhoseSpecialtiesMatch() {
        List<Persona> personas = List.of(persona(1, true, "gardening"), persona(2, true, "Cooking "));

        var chosen = selector.choose(personas, List.of("cooking"), List.of(), p -> true);

        assertThat(chosen).map(Persona::id).contains(2L);
    }

    @Test
    void skipsInactiveAndIneligiblePersonasAndSaysNobodyWhenNoneIsLeft() {
        List<Persona> personas = List.of(persona(1, false, "cooking"), persona(2, true, "cooking"));

        assertThat(selector.choose(personas, List.of("cooking"), List.of(), p -> p.id() != 2)).isEmpty();
    }

    @Test
    void personasWithoutSpecialtiesOrPostsWithoutTagsMatchNobody() {
        List<Persona> personas = List.of(persona(1, true), persona(2, true, "cooking"));

        assertThat(selector.choose(personas, List.of(), List.of(), p -> true)).isEmpty();
    }

    @Test
    void spreadsWorkAmongTheBestMatchesInsteadOfAlwaysPickingOne() {
        List<Persona> personas = List.of(persona(1, true, "cooking"), persona(2, true, "cooking"),
                persona(3, true, "cooking"), persona(4, true, "gardening"));
        Map<Long, Integer> picks = new HashMap<>();

        for (int i = 0; i < 300; i++) {
            selector.choose(personas, List.of("cooking"), List.of(), p -> true)
                    .ifPresent(p -> picks.merge(p.id(), 1, Integer::sum));
        }

        assertThat(picks).containsOnlyKeys(1L, 2L, 3L);
        assertThat(picks.values()).allSatisfy(n -> assertThat(n).isGreaterThan(50));
    }

    @Test
    void aPostsOwnTagsWeighMoreThanItsBoards() {
        List<Persona> personas = List.of(persona(1, true, "baking"), persona(2, true, "sourdough"),
                persona(3, true, "baking2"), persona(4, true, "x"));

        for (int i = 0; i < 50; i++) {
            var chosen = selector.choose(personas, List.of("baking"), List.of("sourdough"), p -> true);
            // sourdough scores 2, baking 1: within half of the best, so both stay on the shortlist
            assertThat(chosen).map(Persona::id).hasValueSatisfying(id -> assertThat(id).isIn(1L, 2L));
        }
    }
}
