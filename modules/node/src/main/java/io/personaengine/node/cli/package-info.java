/** The command line: {@code persona-engine <command>}. */
@NullMarked
package io.personaengine.node.cli;

import org.jspecify.annotations.NullMarked;
