/** Configuration: the contract's keys, parsed from the environment and a properties file. */
@NullMarked
package io.personaengine.node.config;

import org.jspecify.annotations.NullMarked;
