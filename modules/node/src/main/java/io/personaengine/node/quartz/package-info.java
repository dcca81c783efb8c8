/** Quartz wiring: the clustered JDBC job store on the node's pool, and the two tick jobs. */
@NullMarked
package io.personaengine.node.quartz;

import org.jspecify.annotations.NullMarked;
