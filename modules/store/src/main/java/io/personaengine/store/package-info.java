/** PostgreSQL implementations of core's ports, kept behind repositories that return core's records. */
@NullMarked
package io.personaengine.store;

import org.jspecify.annotations.NullMarked;
