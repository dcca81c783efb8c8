@NullMarked
package io.personaengine.store.embedded;

import org.jspecify.annotations.NullMarked;
