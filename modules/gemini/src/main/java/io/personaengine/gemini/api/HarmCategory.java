package io.personaengine.gemini.api;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;

/** Safety categories that apply to Gemini models. */
public enum HarmCategory {
    HARM_CATEGORY_HARASSMENT,
    HARM_CATEGORY_HATE_SPEECH,
    HARM_CATEGORY_SEXUALLY_EXPLICIT,
    HARM_CATEGORY_DANGEROUS_CONTENT,
    HARM_CATEGORY_CIVIC_INTEGRITY,
    @JsonEnumDefaultValue
    UNKNOWN
}
