package io.personaengine.handlers;

/** Prompt text with each prompt's random marker nonces taken out, so tests can compare prompts. */
final class Prompts {

    private Prompts() {}

    /** {@code text} with every {@code <<<FORUM_DATA_<nonce>} and {@code <nonce>_FORUM_DATA>>>} made plain. */
    static String plain(String text) {
        return text.replaceAll("<<<FORUM_DATA_[0-9a-f]{24}", UntrustedText.BEGIN)
                .replaceAll("[0-9a-f]{24}_FORUM_DATA>>>", UntrustedText.END);
    }

    /** The system instruction a persona gets, markers made plain. */
    static String voice(io.personaengine.core.forum.Persona persona) {
        return plain(PersonaVoice.systemInstruction(persona, DataMarkers.fresh()));
    }
}
