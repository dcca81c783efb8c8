package io.personaengine.gemini.api;

/** How eagerly a safety category blocks (request only, so no {@code UNKNOWN}). */
public enum HarmBlockThreshold {
    BLOCK_LOW_AND_ABOVE,
    BLOCK_MEDIUM_AND_ABOVE,
    BLOCK_ONLY_HIGH,
    BLOCK_NONE,
    OFF
}
