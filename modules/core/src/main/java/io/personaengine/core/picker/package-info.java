/** The task picker: finds forum activity that deserves a persona and queues tasks for it. */
@NullMarked
package io.personaengine.core.picker;

import org.jspecify.annotations.NullMarked;
