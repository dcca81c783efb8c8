package io.personaengine.node.cli;

import static java.util.Objects.requireNonNull;

import io.personaengine.store.QueueStatistics.Published;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What the demo shows while it runs: a table redrawn in place about once a second on a terminal
 * ({@link Tty}), progress lines every few seconds elsewhere ({@link Plain}). Rendering is a pure
 * function of a {@link Snapshot}; only {@link Tty} writes escape sequences.
 *
 * <p>Forum content is untrusted: every text from the database passes {@link #oneLine}, which drops
 * control and format characters (ESC, CSI, bidi overrides), so a post cannot move the cursor,
 * clear the screen or reorder the line.
 */
final class DemoView {

    static final List<String> TYPES = List.of("COMMENT", "REPLY", "VOTE", "POST", "IMAGE_POST");
    static final List<String> STATUSES = List.of("PENDING", "RUNNING", "DONE", "FAILED");
    /** The narrowest table that still reads. */
    static final int MIN_WIDTH = 40;

    private DemoView() {}

    /**
     * The cluster at one moment.
     *
     * @param tasks task counts keyed {@code "TYPE STATUS"}, as {@code QueueStatistics.tasksByTypeAndStatus}
     * @param latest newest first
     * @param human what the demo's humans did last, if anything yet
     * @param warnings log events at WARN or above so far (ERROR included)
     */
    record Snapshot(Duration elapsed, Duration runFor, int nodes, Map<String, Integer> tasks, int callsLastMinute,
            int callLimit, List<Published> latest, @Nullable String human, long warnings, long errors,
            String logFile) {

        Snapshot {
            requireNonNull(elapsed, "elapsed");
            requireNonNull(runFor, "runFor");
            tasks = Map.copyOf(tasks);
            latest = List.copyOf(latest);
            requireNonNull(logFile, "logFile");
        }

        int count(String type, String status) {
            return tasks.getOrDefault(type + " " + status, 0);
        }

        int total(String status) {
            return TYPES.stream().mapToInt(type -> count(type, status)).sum();
        }

        /** In whole seconds, so elapsed and left add up to the run's length on screen. */
        Duration left() {
            return Duration.ofSeconds(Math.max(0, runFor.toSeconds() - elapsed.toSeconds()));
        }
    }

    /** The live table, one string per line, none longer than {@code width} code points, no escapes. */
    static List<String> table(Snapshot s, int width) {
        int w = Math.max(MIN_WIDTH, width);
        List<String> lines = new ArrayList<>();
        lines.add("Persona Engine demo: " + s.nodes() + (s.nodes() == 1 ? " node, " : " nodes, ")
                + clock(s.elapsed()) + " elapsed, " + clock(s.left()) + " left");
        lines.add("");
        lines.add(String.format("  %-10s %8s %8s %8s %8s", "TYPE", "PENDING", "RUNNING", "DONE", "FAILED"));
        for (String type : TYPES) {
            lines.add(String.format("  %-10s %8d %8d %8d %8d", type, s.count(type, "PENDING"),
                    s.count(type, "RUNNING"), s.count(type, "DONE"), s.count(type, "FAILED")));
        }
        lines.add(String.format("  %-10s %8d %8d %8d %8d", "all", s.total("PENDING"), s.total("RUNNING"),
                s.total("DONE"), s.total("FAILED")));
        lines.add("");
        lines.add("  Gemini calls in the last minute: " + bar(s.callsLastMinute(), s.callLimit(), 20) + " "
                + s.callsLastMinute() + " of " + s.callLimit());
        if (s.human() != null) {
            lines.add("  humans: " + oneLine(s.human()));
        }
        lines.add("  logs: " + oneLine(s.logFile()) + " (" + s.warnings() + " warning(s), " + s.errors()
                + " error(s))");
        lines.add("");
        lines.add("  Latest published");
        if (s.latest().isEmpty()) {
            lines.add("    nothing yet");
        }
        for (Published p : s.latest()) {
            lines.add("    " + published(p));
        }
        return lines.stream().map(line -> clip(line, w)).toList();
    }

    /** One progress line for pipes and CI logs. */
    static String progress(Snapshot s) {
        return String.format("[%4ds] tasks: %d pending, %d running, %d done, %d failed | Gemini %d/%d calls in the "
                        + "last minute | %s left", s.elapsed().toSeconds(), s.total("PENDING"), s.total("RUNNING"),
                s.total("DONE"), s.total("FAILED"), s.callsLastMinute(), s.callLimit(), clock(s.left()));
    }

    /** {@code Ana the Chef     reply       Cast iron, …}: author, kind and text on one line. */
    static String published(Published p) {
        return String.format("%-16s %-10s %s", clip(oneLine(p.author()), 16), p.kind(), oneLine(p.text()));
    }

    /**
     * {@code text} on one line, safe for a terminal: runs of whitespace (line breaks included) become
     * one space; control, format, private-use, unassigned and lone surrogate code points are dropped.
     */
    static String oneLine(String text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean pendingSpace = false;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                pendingSpace = out.length() > 0;
                continue;
            }
            switch (Character.getType(cp)) {
                case Character.CONTROL, Character.FORMAT, Character.PRIVATE_USE, Character.UNASSIGNED,
                        Character.SURROGATE -> {
                    continue;
                }
                default -> {
                    // shown
                }
            }
            if (pendingSpace) {
                out.append(' ');
                pendingSpace = false;
            }
            out.appendCodePoint(cp);
        }
        return out.toString();
    }

    /** At most {@code width} code points, the last one an ellipsis when cut. */
    static String clip(String text, int width) {
        if (text.codePointCount(0, text.length()) <= width) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, width - 1)) + "…";
    }

    /** {@code 0:42}, {@code 12:05}, {@code 1:02:03}. */
    static String clock(Duration d) {
        long s = Math.max(0, d.toSeconds());
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format("%d:%02d", s / 60, s % 60);
    }

    static String bar(int value, int max, int cells) {
        int filled = max <= 0 ? 0 : (int) Math.min(cells, Math.round((double) value * cells / max));
        return "[" + "#".repeat(filled) + "-".repeat(cells - filled) + "]";
    }

    /** Where snapshots go while the demo runs. */
    interface Screen extends AutoCloseable {

        /** A new snapshot, about once a second. */
        void show(Snapshot snapshot);

        /** The last snapshot, after the nodes stopped. */
        void finish(Snapshot snapshot);

        /** Gives the terminal back as it was; idempotent, also after a failure. */
        @Override
        void close();
    }

    /**
     * A terminal: the table redrawn in place. Autowrap is off while it runs, so a line wider than
     * the terminal is cut by the terminal instead of wrapping, and the frame's height stays what was
     * printed; the cursor is hidden. Both come back at {@link #close()}, or at exit on Ctrl-C.
     */
    static final class Tty implements Screen {

        private static final String ESC = "\u001b[";
        private static final String RESTORE = ESC + "?7h" + ESC + "?25h";

        private final PrintStream out;
        private final int width;
        private final Thread restoreAtExit;
        private int height;
        private boolean started;
        private boolean closed;

        Tty(PrintStream out, int width) {
            this.out = requireNonNull(out, "out");
            this.width = width;
            this.restoreAtExit = new Thread(() -> {
                out.print(RESTORE);
                out.flush();
            }, "demo-terminal-restore");
        }

        @Override
        public synchronized void show(Snapshot snapshot) {
            if (!started) {
                started = true;
                Runtime.getRuntime().addShutdownHook(restoreAtExit);
                out.print(ESC + "?7l" + ESC + "?25l");
            }
            StringBuilder frame = new StringBuilder();
            if (height > 0) {
                frame.append('\r').append(ESC).append(height).append('A'); // back to the frame's first line
            }
            frame.append(ESC).append('J'); // and clear it, with all below
            List<String> lines = table(snapshot, width);
            lines.forEach(line -> frame.append(line).append('\n'));
            height = lines.size();
            out.print(frame);
            out.flush();
        }

        @Override
        public void finish(Snapshot snapshot) {
            show(snapshot);
            close();
        }

        @Override
        public synchronized void close() {
            if (closed || !started) {
                closed = true;
                return;
            }
            closed = true;
            out.print(RESTORE);
            out.flush();
            try {
                Runtime.getRuntime().removeShutdownHook(restoreAtExit);
            } catch (IllegalStateException e) {
                // already exiting: the hook restores the terminal
            }
        }
    }

    /**
     * Pipes and CI: a progress line when {@code every} has passed since the last one, and each text
     * published after the first snapshot once, oldest first. Never an escape sequence.
     */
    static final class Plain implements Screen {

        private final PrintStream out;
        private final Duration every;
        private final Set<String> shown = new HashSet<>();
        private @Nullable Duration lastLine;
        private @Nullable String lastHuman;

        Plain(PrintStream out, Duration every) {
            this.out = requireNonNull(out, "out");
            this.every = requireNonNull(every, "every");
        }

        @Override
        public void show(Snapshot s) {
            if (s.human() != null && !s.human().equals(lastHuman)) {
                lastHuman = s.human();
                out.println("humans: " + oneLine(s.human()));
            }
            List<Published> fresh = new ArrayList<>();
            for (Published p : s.latest()) {
                if (shown.add(p.kind() + " " + p.id())) {
                    fresh.add(0, p);
                }
            }
            if (lastLine != null) { // the first snapshot's texts are from earlier runs
                fresh.forEach(p -> out.println("  + " + clip(published(p), 160)));
            }
            if (lastLine == null || s.elapsed().minus(lastLine).compareTo(every) >= 0) {
                out.println(progress(s));
                lastLine = s.elapsed();
            }
            out.flush();
        }

        @Override
        public void finish(Snapshot s) {
            lastLine = s.elapsed().minus(every); // due now
            show(s);
        }

        @Override
        public void close() {}
    }
}
