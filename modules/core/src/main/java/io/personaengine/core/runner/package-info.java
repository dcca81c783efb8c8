/** The task runner: claims due tasks and executes them through action handlers. */
@NullMarked
package io.personaengine.core.runner;

import org.jspecify.annotations.NullMarked;
