package io.personaengine.gemini.api;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;

/** Why the prompt itself was refused ({@code promptFeedback.blockReason}). */
public enum BlockReason {
    BLOCK_REASON_UNSPECIFIED,
    SAFETY,
    OTHER,
    BLOCKLIST,
    PROHIBITED_CONTENT,
    IMAGE_SAFETY,
    @JsonEnumDefaultValue
    UNKNOWN
}
