/**
 * Gemini over plain REST: {@link io.personaengine.gemini.GeminiClient} (OkHttp + Jackson), its
 * error model {@link io.personaengine.gemini.GeminiException}, and the adapter that implements
 * core's content-generation port.
 */
@NullMarked
package io.personaengine.gemini;

import org.jspecify.annotations.NullMarked;
