/** JMX: the node's own MBean and the remote connector on {@code JMX_PORT}. */
@NullMarked
package io.personaengine.node.jmx;

import org.jspecify.annotations.NullMarked;
