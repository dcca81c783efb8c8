package io.personaengine.node.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One node as production runs it: {@code java -Xmx256m -jar persona-engine.jar run} in its own JVM,
 * configured only through environment variables (nothing inherited from the caller's configuration).
 * Logs and the GC log go to files under the suite's work folder.
 */
final class NodeProcess implements AutoCloseable {

    static final String HEAP = "-Xmx256m";
    private static final Pattern GC_LINE = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");
    private static final List<String> KEPT_ENV = List.of("PATH", "HOME", "LANG", "LC_ALL", "JAVA_HOME", "TMPDIR", "TZ");

    // every node started by this JVM, killed when it exits (Ctrl-C, a failed benchmark)
    private static final java.util.Set<Process> LAUNCHED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LAUNCHED.forEach(Process::destroyForcibly),
                "kill-nodes"));
    }

    final String nodeId;
    final Path log;
    final Path gcLog;
    private final Process process;
    private volatile long maxRssKb;

    private NodeProcess(String nodeId, Process process, Path log, Path gcLog) {
        this.nodeId = nodeId;
        this.process = process;
        this.log = log;
        this.gcLog = gcLog;
    }

    /** Starts {@code java -jar jar run} with exactly {@code config} (plus PATH and the like) as its environment. */
    static NodeProcess launch(Path jar, Path logDir, String nodeId, Map<String, String> config) {
        try {
            Files.createDirectories(logDir);
            Path log = logDir.resolve(nodeId + ".log");
            Path gcLog = logDir.resolve(nodeId + ".gc.log");
            String java = ProcessHandle.current().info().command().orElse("java");
            List<String> command = new ArrayList<>(List.of(java, HEAP, "-Xlog:gc:file=" + gcLog, "-jar",
                    jar.toString(), "run"));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            Map<String, String> env = builder.environment();
            Map<String, String> kept = new HashMap<>();
            KEPT_ENV.forEach(key -> {
                if (env.containsKey(key)) {
                    kept.put(key, env.get(key));
                }
            });
            env.clear();
            env.putAll(kept);
            env.put("NODE_ID", nodeId);
            env.putAll(config);
            Process process = builder.start();
            LAUNCHED.add(process);
            return new NodeProcess(nodeId, process, log, gcLog);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start node " + nodeId, e);
        }
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Reads the resident set size now and keeps the largest seen; 0 once the process is gone. */
    long sampleRssKb() {
        long rss = statusKb("VmRSS");
        maxRssKb = Math.max(maxRssKb, rss);
        return rss;
    }

    long maxSampledRssKb() {
        return maxRssKb;
    }

    /** The kernel's peak resident set size of the process (VmHWM); 0 once the process is gone. */
    long peakRssKb() {
        return statusKb("VmHWM");
    }

    private long statusKb(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    /** Heap figures from the GC log, in MB: [max used before a GC, max live after a GC, committed at the last GC, GCs]. */
    long[] heapFromGcLog() {
        long before = 0;
        long after = 0;
        long committed = 0;
        long gcs = 0;
        try {
            for (String line : Files.readAllLines(gcLog)) {
                Matcher m = GC_LINE.matcher(line);
                if (m.find()) {
                    before = Math.max(before, Long.parseLong(m.group(1)));
                    after = Math.max(after, Long.parseLong(m.group(2)));
                    committed = Long.parseLong(m.group(3));
                    gcs++;
                }
            }
        } catch (IOException e) {
            return new long[] {0, 0, 0, 0};
        }
        return new long[] {before, after, committed, gcs};
    }

    /** True if the node's log reports running out of memory. */
    boolean ranOutOfMemory() {
        try {
            return Files.readString(log).contains("OutOfMemoryError");
        } catch (IOException e) {
            return false;
        }
    }

    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    /** SIGKILL, as a crash looks: no shutdown hook, no hand-back. Waits until the process is gone. */
    void kill9() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGTERM (the node's shutdown hook runs), then SIGKILL after {@code grace}. */
    void stop(Duration grace) {
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                kill9();
            }
        } catch (InterruptedException e) {
            kill9();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill9();
        }
    }
}
