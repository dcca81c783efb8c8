/**
 * The JSON shapes of the Gemini {@code v1beta} REST API as records. Absent lists read as empty
 * lists, unknown fields are ignored and unknown enum strings read as {@code UNKNOWN}; requests omit
 * null fields, because the API rejects fields it does not know.
 */
@NullMarked
package io.personaengine.gemini.api;

import org.jspecify.annotations.NullMarked;
