package io.personaengine.gemini.api;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;

/** Why a candidate stopped. New values appear often; they read as {@link #UNKNOWN}. */
public enum FinishReason {
    FINISH_REASON_UNSPECIFIED,
    STOP,
    MAX_TOKENS,
    SAFETY,
    RECITATION,
    LANGUAGE,
    OTHER,
    BLOCKLIST,
    PROHIBITED_CONTENT,
    SPII,
    MALFORMED_FUNCTION_CALL,
    UNEXPECTED_TOOL_CALL,
    TOO_MANY_TOOL_CALLS,
    IMAGE_SAFETY,
    IMAGE_PROHIBITED_CONTENT,
    IMAGE_RECITATION,
    IMAGE_OTHER,
    NO_IMAGE,
    @JsonEnumDefaultValue
    UNKNOWN;

    /** True when a filter withheld the answer: sending the same prompt again will not help. */
    public boolean blocked() {
        switch (this) {
            case SAFETY:
            case RECITATION:
            case BLOCKLIST:
            case PROHIBITED_CONTENT:
            case SPII:
            case IMAGE_SAFETY:
            case IMAGE_PROHIBITED_CONTENT:
            case IMAGE_RECITATION:
            case IMAGE_OTHER:
                return true;
            default:
                return false;
        }
    }
}
