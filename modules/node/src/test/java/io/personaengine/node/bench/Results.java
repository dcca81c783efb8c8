package io.personaengine.node.bench;

import java.util.ArrayList;
import java.util.List;

/** The rows of one suite run, in the order measured; thread-safe. */
final class Results {

    /**
     * @param benchmark what was measured, e.g. "pipeline, 1 node"
     * @param figure the headline value with its unit
     * @param aim the target, or "" when there is none
     * @param detail how it was measured: runs, every run's value, set-up
     */
    record Row(String benchmark, String figure, String aim, String detail) {}

    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    synchronized void add(String benchmark, String figure, String aim, String detail) {
        Row row = new Row(benchmark, figure, aim, detail);
        rows.add(row);
        System.out.printf("  >> %-34s %s%s%n", benchmark, figure, aim.isEmpty() ? "" : "   (" + aim + ")");
    }

    synchronized void failed(String benchmark, Throwable error) {
        add(benchmark, "FAILED", "", "error: " + error.toString().replace('|', '/').replace('\n', ' '));
    }

    synchronized void note(String note) {
        notes.add(note);
    }

    synchronized List<Row> rows() {
        return List.copyOf(rows);
    }

    synchronized List<String> notes() {
        return List.copyOf(notes);
    }
}
