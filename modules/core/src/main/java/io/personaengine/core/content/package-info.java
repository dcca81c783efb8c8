/** The port through which action handlers obtain generated text or images. */
@NullMarked
package io.personaengine.core.content;

import org.jspecify.annotations.NullMarked;
