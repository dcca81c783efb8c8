/** Persona tasks: their types and states, the claims that fence them, and the store port. */
@NullMarked
package io.personaengine.core.task;

import org.jspecify.annotations.NullMarked;
