package io.personaengine.node.bench;

import io.personaengine.node.bench.BenchDb.Db;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The raw PostgreSQL ceiling of the claim path, measured with {@code pgbench}: on the real
 * {@code persona_tasks} table (migrated, in a database of its own) each transaction claims one due
 * task with {@code UPDATE … WHERE id = (SELECT … FOR UPDATE SKIP LOCKED LIMIT 1) RETURNING id} and
 * completes it in a second statement (two transactions, as the engine does). Every run starts from a
 * fresh queue of the pipeline's size; one pgbench transaction is one task.
 */
final class PgbenchCeiling {

    static final String SCRIPT = """
            UPDATE persona_tasks
               SET status = 'RUNNING', claimed_by = 'pgbench', claim_token = gen_random_uuid(),
                   lease_expires_at = now() + interval '60 seconds', started_at = now(),
                   attempt_count = attempt_count + 1
             WHERE id = (SELECT id FROM persona_tasks
                          WHERE status = 'PENDING' AND scheduled_at <= now()
                          ORDER BY scheduled_at, id
                          LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING id AS task_id \\gset
            UPDATE persona_tasks
               SET status = 'DONE', completed_at = now(), claim_token = NULL, lease_expires_at = NULL
             WHERE id = :task_id;
            """;
    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");
    private static final Pattern FAILED = Pattern.compile("number of failed transactions: (\\d+)");

    private PgbenchCeiling() {}

    /** @return the median tasks/s with {@code clients} clients, each run claiming and completing {@code tasks} */
    static double run(Bench bench, Path work, int clients, int tasks, int runs) throws Exception {
        Path script = work.resolve("claim-and-complete.sql");
        Files.writeString(script, SCRIPT);
        List<Double> rates = new ArrayList<>();
        int perClient = tasks / clients;
        try (Db db = bench.freshDb("pgbench")) {
            Bench.seedForum(db, 1, 0);
            for (int i = 0; i < runs; i++) {
                db.dsl.execute("TRUNCATE persona_tasks CASCADE");
                // a little more than is claimed, so no client ever finds the queue empty
                db.dsl.execute("""
                        INSERT INTO persona_tasks (persona_id, task_type, post_id, target_key, scheduled_at)
                        SELECT (SELECT min(id) FROM personas), 'COMMENT', i, i, now() - interval '1 second'
                        FROM generate_series(1, ?) i""", perClient * clients + 2 * clients);
                db.dsl.execute("ANALYZE persona_tasks");
                rates.add(pgbench(bench, db, script, clients, perClient));
            }
        }
        double median = Stats.median(rates);
        bench.results.add("PostgreSQL ceiling, " + clients + " clients", Stats.fmt(median, 0) + " tasks/s", "",
                String.format("pgbench -c %d -j 2 -M prepared, claim (FOR UPDATE SKIP LOCKED) + complete on "
                        + "persona_tasks, %,d tasks a run from a fresh queue; median of %d runs (%s)",
                        clients, perClient * clients, runs, Stats.list(rates, 0)));
        return median;
    }

    private static double pgbench(Bench bench, Db db, Path script, int clients, int perClient)
            throws IOException, InterruptedException {
        List<String> command = List.of("pgbench", "-n", "-h", bench.server.host, "-p", String.valueOf(bench.server.port),
                "-U", bench.server.user, "-c", String.valueOf(clients), "-j", "2", "-t", String.valueOf(perClient),
                "-M", "prepared", "-f", script.toString(), db.name);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PGPASSWORD", bench.server.password);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException("pgbench failed: " + output);
        }
        Matcher failed = FAILED.matcher(output);
        if (failed.find() && Long.parseLong(failed.group(1)) > 0) {
            throw new IllegalStateException("pgbench transactions failed: " + output);
        }
        Matcher tps = TPS.matcher(output);
        if (!tps.find()) {
            throw new IllegalStateException("no tps in pgbench output: " + output);
        }
        long done = db.count("SELECT count(*) FROM persona_tasks WHERE status = 'DONE'");
        if (done != (long) perClient * clients) {
            throw new IllegalStateException("pgbench completed " + done + " tasks, expected " + perClient * clients);
        }
        return Double.parseDouble(tps.group(1));
    }
}
