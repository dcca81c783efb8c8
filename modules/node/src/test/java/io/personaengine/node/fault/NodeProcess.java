package io.personaengine.node.fault;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One node of the cluster as its own operating-system process, started from the built jar with
 * {@code run}, configured through its environment, and faulted with real signals.
 */
final class NodeProcess implements AutoCloseable {

    /** Where Debian's faketime package puts its library; tests that need it skip without it. */
    static final Path FAKETIME = Path.of("/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1");

    private final String nodeId;
    private final Process process;
    private final Path log;

    private NodeProcess(String nodeId, Process process, Path log) {
        this.nodeId = nodeId;
        this.process = process;
        this.log = log;
    }

    /**
     * @param environment the node's configuration
     * @param clockOffset a {@code FAKETIME} offset such as {@code -60s}, or null for the real clock
     */
    static NodeProcess start(Path jar, String nodeId, Map<String, String> environment, String clockOffset,
            Path logDirectory) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-jar", jar.toString(), "run"));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        builder.environment().put("NODE_ID", nodeId);
        if (clockOffset != null) {
            builder.environment().put("LD_PRELOAD", FAKETIME.toString());
            builder.environment().put("FAKETIME", clockOffset);
            builder.environment().put("FAKETIME_DONT_FAKE_MONOTONIC", "1");
        }
        Path log = logDirectory.resolve(nodeId + ".log");
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        return new NodeProcess(nodeId, builder.start(), log);
    }

    String nodeId() {
        return nodeId;
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    boolean alive() {
        return process.isAlive();
    }

    /** {@code kill -9}: gone at once, holding whatever it held. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGTERM: the node stops in order. */
    int terminate(long timeoutSeconds) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            throw new IllegalStateException(nodeId + " did not stop within " + timeoutSeconds + " s of SIGTERM");
        }
        return process.exitValue();
    }

    /** SIGSTOP: frozen, as a paused VM or a long GC looks from outside. */
    void freeze() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** SIGCONT: thawed. */
    void thaw() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IOException("kill -" + name + " " + process.pid() + " failed");
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            requireNonNull(process).destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
