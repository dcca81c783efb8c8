package io.personaengine.gemini.api;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;

/** How likely a safety rating judged the content harmful. */
public enum HarmProbability {
    HARM_PROBABILITY_UNSPECIFIED,
    NEGLIGIBLE,
    LOW,
    MEDIUM,
    HIGH,
    @JsonEnumDefaultValue
    UNKNOWN
}
