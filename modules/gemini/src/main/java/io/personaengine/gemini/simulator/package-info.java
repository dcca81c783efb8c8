/**
 * A Gemini-compatible HTTP server on loopback for the demo, tests and benchmarks: canned answers in
 * the real JSON shapes, injectable failures, an optional per-minute call limit, and a record of
 * every request received.
 */
@NullMarked
package io.personaengine.gemini.simulator;

import org.jspecify.annotations.NullMarked;
