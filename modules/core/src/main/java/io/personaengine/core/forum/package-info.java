/** What the engine reads from the forum: personas, posts, comments. */
@NullMarked
package io.personaengine.core.forum;

import org.jspecify.annotations.NullMarked;
