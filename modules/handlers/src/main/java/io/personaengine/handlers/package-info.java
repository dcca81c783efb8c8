/**
 * The persona actions. Each handler builds a prompt (forum text as delimited, untrusted data),
 * asks the content generator, validates the answer and returns the effect to publish.
 */
@NullMarked
package io.personaengine.handlers;

import org.jspecify.annotations.NullMarked;
