/**
 * A node's Micrometer metrics, one Prometheus registry per node (several nodes can share a JVM),
 * every meter tagged {@code node}: the task queue, what the runner did, Gemini calls and permit
 * waits, the connection pool and the JVM.
 */
@NullMarked
package io.personaengine.node.metrics;

import org.jspecify.annotations.NullMarked;
