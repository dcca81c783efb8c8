/** A runnable node: builds the object graph in one place and owns its lifecycle. */
@NullMarked
package io.personaengine.node;

import org.jspecify.annotations.NullMarked;
