package io.personaengine.store.embedded;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The unprivileged user PostgreSQL runs as in {@link LaunchMode#SETPRIV}: the system property
 * {@value #PROPERTY}, a user name or {@code uid:gid}, by default {@code nobody}.
 */
record RunAsUser(String name, int uid, int gid) {

    static final String PROPERTY = "persona.embedded.user";

    private static final Pattern NUMERIC = Pattern.compile("(\\d+):(\\d+)");

    RunAsUser {
        requireNonNull(name, "name");
        if (uid == 0) {
            throw new EmbeddedPostgresException(PROPERTY + "=" + name
                    + " is root, but PostgreSQL refuses to run as root: name an unprivileged user such as nobody");
        }
    }

    static RunAsUser fromSystemProperties() {
        return lookUp(System.getProperty(PROPERTY, "nobody").trim());
    }

    static RunAsUser lookUp(String spec) {
        Matcher numeric = NUMERIC.matcher(spec);
        if (numeric.matches()) {
            return new RunAsUser(spec, Integer.parseInt(numeric.group(1)), Integer.parseInt(numeric.group(2)));
        }
        Optional<Integer> uid = idOf("-u", spec);
        Optional<Integer> gid = idOf("-g", spec);
        if (uid.isEmpty() || gid.isEmpty()) {
            throw new EmbeddedPostgresException(PROPERTY + "=" + spec + " names no user on this host (`id " + spec
                    + "` fails): name an existing unprivileged user, or give uid:gid");
        }
        return new RunAsUser(spec, uid.get(), gid.get());
    }

    private static Optional<Integer> idOf(String option, String user) {
        return Host.firstLineOf(List.of("id", option, "--", user))
                .filter(line -> line.matches("\\d+"))
                .map(Integer::valueOf);
    }

    @Override
    public String toString() {
        return name + " (uid " + uid + ", gid " + gid + ")";
    }
}
