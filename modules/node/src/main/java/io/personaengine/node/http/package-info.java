/**
 * A node's HTTP endpoint on {@code HTTP_PORT}: {@code /health} for probes, {@code /metrics} for
 * Prometheus, and a read-only status page at {@code /}. The JDK's own HTTP server, two threads;
 * database reads run off those threads with short timeouts, so a dead database never stalls a probe.
 */
@NullMarked
package io.personaengine.node.http;

import org.jspecify.annotations.NullMarked;
