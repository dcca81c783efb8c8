package io.personaengine.store.testing;

import io.personaengine.store.embedded.EmbeddedPostgresServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last resort of {@link ServerLocator}: an embedded server in a temporary folder that a shutdown
 * hook stops and deletes. The folder records the JVM's pid, so that the folders (and servers) of
 * JVMs that were killed before their hook ran are removed by the next one.
 */
final class EmbeddedTestServer {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedTestServer.class);

    private static final String FOLDER_PREFIX = "persona-test-postgres-";
    private static final String OWNER_FILE = "jvm.pid";

    private EmbeddedTestServer() {}

    static ServerAddress start() {
        Path temp = Path.of(System.getProperty("java.io.tmpdir"));
        removeAbandonedFolders(temp);
        Path root = ownFolder(temp);
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(root.resolve("data"), 0);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            delete(root);
        }, "test-postgres-cleanup"));
        return new ServerAddress(server.jdbcUrl("postgres"), server.user(), "",
                "an embedded server on port " + server.port() + " (mode " + server.mode() + ")");
    }

    private static Path ownFolder(Path temp) {
        try {
            Path root = Files.createTempDirectory(temp, FOLDER_PREFIX);
            // a server running as another user (setpriv mode) must be able to pass through
            Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.writeString(root.resolve(OWNER_FILE), Long.toString(ProcessHandle.current().pid()));
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a folder for the embedded test server in " + temp, e);
        }
    }

    private static void removeAbandonedFolders(Path temp) {
        try (DirectoryStream<Path> folders = Files.newDirectoryStream(temp, FOLDER_PREFIX + "*")) {
            for (Path folder : folders) {
                if (!alive(folder.resolve(OWNER_FILE))) {
                    log.info("Removing {}, left behind by a test JVM that is gone", folder);
                    stop(folder.resolve("data"));
                    delete(folder);
                }
            }
        } catch (IOException e) {
            log.warn("Could not look for abandoned test servers in {} ({}); they stay", temp, e.toString());
        }
    }

    /** Whether the process whose pid is the first line of {@code pidFile} is running. */
    private static boolean alive(Path pidFile) {
        return process(pidFile).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Stops the server of {@code data}, if one still runs there. */
    private static void stop(Path data) {
        // the pid may be stale and reused: only a postmaster of this folder is ours to stop
        process(data.resolve("postmaster.pid"))
                .filter(process -> process.info().commandLine().orElse("").contains(data.toString()))
                .ifPresent(EmbeddedTestServer::stopAndWait);
    }

    private static void stopAndWait(ProcessHandle postmaster) {
        postmaster.destroy();
        try {
            postmaster.onExit().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            log.warn("Abandoned test server (pid {}) did not stop within 10 s; its folder goes anyway",
                    postmaster.pid());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Optional<ProcessHandle> process(Path pidFile) {
        try (Stream<String> lines = Files.lines(pidFile)) {
            return lines.findFirst().map(String::trim).map(Long::parseLong).flatMap(ProcessHandle::of);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static void delete(Path root) {
        try (Stream<Path> tree = Files.walk(root)) {
            tree.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            log.warn("Could not delete the embedded test server's folder {}; it stays behind ({})", root, e.toString());
        }
    }
}
