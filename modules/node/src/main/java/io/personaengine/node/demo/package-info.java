/** The zero-set-up demo: embedded database, Gemini simulator, a seeded forum, live progress. */
@NullMarked
package io.personaengine.node.demo;

import org.jspecify.annotations.NullMarked;
