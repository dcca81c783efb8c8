package io.personaengine.core.forum;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** A persona and the forum user it acts as. */
public record Persona(
        long id,
        long userId,
        String handle,
        String displayName,
        String style,
        List<String> specialties,
        boolean creative,
        boolean active) {

    public Persona {
        requireNonNull(handle, "handle");
        requireNonNull(displayName, "displayName");
        requireNonNull(style, "style");
        specialties = List.copyOf(specialties);
    }
}
