package io.personaengine.gemini.api;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;

/** What a model may answer with ({@code generationConfig.responseModalities}). */
public enum Modality {
    TEXT,
    IMAGE,
    AUDIO,
    @JsonEnumDefaultValue
    UNKNOWN
}
