package io.personaengine.core.forum;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** A board of the forum and the topics it is about. */
public record Board(long id, String slug, String name, List<String> tags) {

    public Board {
        requireNonNull(slug, "slug");
        requireNonNull(name, "name");
        tags = List.copyOf(tags);
    }
}
