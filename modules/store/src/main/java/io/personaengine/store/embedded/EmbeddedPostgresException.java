package io.personaengine.store.embedded;

/**
 * The embedded server could not start or stop. The message names the folder and the mode tried and
 * says what to try next.
 */
public final class EmbeddedPostgresException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public EmbeddedPostgresException(String message) {
        super(message);
    }

    public EmbeddedPostgresException(String message, Throwable cause) {
        super(message, cause);
    }
}
