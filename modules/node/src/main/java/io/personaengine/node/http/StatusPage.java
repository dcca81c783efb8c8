package io.personaengine.node.http;

import static java.util.Objects.requireNonNull;

import io.personaengine.core.task.TaskStatus;
import io.personaengine.core.task.TaskType;
import io.personaengine.node.BudgetWatch;
import io.personaengine.node.metrics.CoalescedRead;
import io.personaengine.store.DailySpend;
import io.personaengine.store.OperatorPauses;
import io.personaengine.store.QueueStatistics;
import io.personaengine.store.StatusQueries;
import io.personaengine.store.StatusQueries.Attempt;
import io.personaengine.store.StatusQueries.QueueCount;
import java.time.Duration;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;

/**
 * The read-only status page: the cluster's nodes, its tasks by type and status, active pauses, the
 * Gemini window and the latest attempts. Plain HTML rendered here, refreshed by the browser every 5
 * s, no script. Every value from the database is escaped: error messages quote Gemini and persona
 * names are forum content. Concurrent viewers share one set of queries. The open tasks (PENDING,
 * RUNNING) are counted for every page; the finished ones still kept (DONE, FAILED) at most every
 * {@link #FINISHED_MAX_AGE}, as that count reads the kept history. Thread-safe.
 */
public final class StatusPage implements AutoCloseable {

    /** The longest a page waits for the database. */
    static final Duration WAIT = Duration.ofSeconds(3);
    static final int ATTEMPTS = 20;
    /** How long the page shows the same count of finished tasks. */
    static final Duration FINISHED_MAX_AGE = Duration.ofMinutes(1);
    static final int MAX_ERROR = 500;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    /**
     * What the page shows, read in one go.
     *
     * @param queue the open tasks as of {@code readAt}, the finished ones as of {@code finishedReadAt}
     */
    record Status(Instant readAt, List<StatusQueries.Node> nodes, List<QueueCount> queue, Instant finishedReadAt,
            List<OperatorPauses.Pause> pauses, int geminiCallsLastMinute,
            Map<String, QueueStatistics.Pause> pausedModels, List<Attempt> attempts) {}

    /** A rendered page and the status code to send it with. */
    record Page(int status, String html) {}

    /** Counts of finished tasks and when they were read, on both clocks. */
    private record Finished(List<QueueCount> counts, Instant readAt, long readAtNanos) {}

    private final String nodeId;
    private final IntSupplier maxCallsPerMinute;
    private final Supplier<DailySpend.@Nullable Report> spend;
    private final Duration nodeTimeout;
    private final Secrets secrets;
    private final CoalescedRead<Status> read;
    /** Only the read's one thread uses it. */
    private @Nullable Finished finished;

    /**
     * @param maxCallsPerMinute the cluster's {@code GEMINI_MAX_CALLS_PER_MINUTE} now, shown against the calls of the last minute
     * @param nodeTimeout {@code NODE_TIMEOUT}: a node whose heartbeat is older shows as stale
     */
    public StatusPage(String nodeId, int maxCallsPerMinute, Duration nodeTimeout, DSLContext dsl, Secrets secrets) {
        this(nodeId, () -> maxCallsPerMinute, nodeTimeout, dsl, secrets);
    }

    public StatusPage(String nodeId, IntSupplier maxCallsPerMinute, Duration nodeTimeout, DSLContext dsl, Secrets secrets) {
        this(nodeId, maxCallsPerMinute, () -> null, nodeTimeout, dsl, secrets);
    }

    /** @param spend the day's Gemini spend as the node last read it, or null while nothing is priced */
    public StatusPage(String nodeId, IntSupplier maxCallsPerMinute, Supplier<DailySpend.@Nullable Report> spend,
            Duration nodeTimeout, DSLContext dsl, Secrets secrets) {
        this.nodeId = requireNonNull(nodeId, "nodeId");
        this.maxCallsPerMinute = maxCallsPerMinute;
        this.spend = requireNonNull(spend, "spend");
        this.nodeTimeout = requireNonNull(nodeTimeout, "nodeTimeout");
        this.secrets = requireNonNull(secrets, "secrets");
        requireNonNull(dsl, "dsl");
        StatusQueries status = new StatusQueries(dsl);
        QueueStatistics statistics = new QueueStatistics(dsl);
        OperatorPauses pauses = new OperatorPauses(dsl);
        this.read = new CoalescedRead<>("status-page-" + nodeId, () -> read(status, statistics, pauses));
    }

    private Status read(StatusQueries status, QueueStatistics statistics, OperatorPauses pauses) {
        Instant readAt = Instant.now();
        List<StatusQueries.Node> nodes = status.nodes();
        List<QueueCount> queue = new ArrayList<>(status.openTasks());
        Finished kept = finished;
        if (kept == null || System.nanoTime() - kept.readAtNanos() >= FINISHED_MAX_AGE.toNanos()) {
            kept = new Finished(status.finishedTasks(), Instant.now(), System.nanoTime());
            finished = kept;
        }
        queue.addAll(kept.counts());
        return new Status(readAt, nodes, queue, kept.readAt(), pauses.active(), statistics.geminiCallsLastMinute(),
                statistics.pausedModels(), status.recentAttempts(ATTEMPTS));
    }

    /** Reads and renders; 503 with the reason when the database does not answer within {@link #WAIT}. */
    Page render() {
        try {
            return new Page(200, html(read.get(WAIT)));
        } catch (TimeoutException e) {
            return new Page(503, unavailable("the database did not answer within " + WAIT.toMillis() + " ms"));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            return new Page(503, unavailable("the database did not answer: "
                    + (cause == null ? "unknown failure" : String.valueOf(cause.getMessage()))));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Page(503, unavailable("interrupted"));
        }
    }

    String unavailable(String reason) {
        StringBuilder page = head();
        page.append("<p id=\"unavailable\" class=\"down\">Status unavailable: ")
                .append(text(reason)).append("</p>\n");
        return page.append("</body>\n</html>\n").toString();
    }

    String html(Status status) {
        StringBuilder page = head();
        page.append("<p>Read at ").append(time(status.readAt())).append(", again every 5 s.</p>\n");
        nodes(page, status);
        queue(page, status);
        pauses(page, status);
        gemini(page, status);
        attempts(page, status);
        return page.append("</body>\n</html>\n").toString();
    }

    private StringBuilder head() {
        return new StringBuilder(8_192).append("""
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta http-equiv="refresh" content="5">
                <title>Persona Engine:""").append(' ').append(text(nodeId)).append("""
                </title>
                <style>
                body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; color: #222; }
                table { border-collapse: collapse; margin-bottom: 1em; }
                th, td { border: 1px solid #ccc; padding: 3px 8px; text-align: left; vertical-align: top;
                         white-space: nowrap; }
                th { background: #f2f2f2; }
                td.n { text-align: right; font-variant-numeric: tabular-nums; }
                td.error { max-width: 40em; white-space: pre-wrap; word-break: break-word; }
                .down { color: #b00020; font-weight: bold; }
                .muted { color: #777; }
                </style>
                </head>
                <body>
                <h1>Persona Engine</h1>
                <p>This page is served by node <strong id="node">""").append(text(nodeId)).append("</strong>.</p>\n");
    }

    private void nodes(StringBuilder page, Status status) {
        page.append("<h2>Nodes</h2>\n<table id=\"nodes\">\n<tr><th>Node</th><th>Started</th><th>Last heartbeat</th>"
                + "<th>Ago</th></tr>\n");
        for (StatusQueries.Node node : status.nodes()) {
            page.append("<tr><td>").append(text(node.nodeId()))
                    .append(node.nodeId().equals(nodeId) ? " <span class=\"muted\">(this node)</span>" : "")
                    .append("</td><td>").append(time(node.startedAt()))
                    .append("</td><td>").append(time(node.heartbeatAt()))
                    .append(node.sinceHeartbeat().compareTo(nodeTimeout) > 0
                            ? "</td><td class=\"n down\">stale, " : "</td><td class=\"n\">")
                    .append(ago(node.sinceHeartbeat())).append("</td></tr>\n");
        }
        if (status.nodes().isEmpty()) {
            page.append("<tr><td colspan=\"4\" class=\"muted\">no node has a heartbeat</td></tr>\n");
        }
        page.append("</table>\n");
    }

    private void queue(StringBuilder page, Status status) {
        Map<String, Integer> counts = new HashMap<>();
        status.queue().forEach(c -> counts.put(c.type() + " " + c.status(), c.count()));
        page.append("<h2>Tasks</h2>\n<p id=\"queue-counts\" class=\"muted\">PENDING and RUNNING: every open task,"
                + " read with this page. DONE and FAILED: every finished task still kept (TASK_RETENTION), read at ")
                .append(time(status.finishedReadAt())).append(", at most once a minute.</p>\n")
                .append("<table id=\"queue\">\n<tr><th>Type</th>");
        for (TaskStatus s : TaskStatus.values()) {
            page.append("<th>").append(s.name()).append("</th>");
        }
        page.append("</tr>\n");
        for (TaskType type : TaskType.values()) {
            page.append("<tr><td>").append(type.name()).append("</td>");
            for (TaskStatus s : TaskStatus.values()) {
                page.append("<td class=\"n\">").append(counts.getOrDefault(type.name() + " " + s.name(), 0))
                        .append("</td>");
            }
            page.append("</tr>\n");
        }
        page.append("</table>\n");
    }

    private void pauses(StringBuilder page, Status status) {
        page.append("<h2>Pauses</h2>\n");
        if (status.pauses().isEmpty()) {
            page.append("<p id=\"pauses\" class=\"muted\">none</p>\n");
            return;
        }
        page.append("<ul id=\"pauses\">\n");
        for (OperatorPauses.Pause pause : status.pauses()) {
            page.append("<li>").append(text(pause.describe()));
            if (pause.since() != null) {
                page.append(" since ").append(time(pause.since()));
            }
            if (pause.by() != null) {
                page.append(" by ").append(text(pause.by()));
            }
            page.append("</li>\n");
        }
        page.append("</ul>\n");
    }

    private void gemini(StringBuilder page, Status status) {
        page.append("<h2>Gemini</h2>\n<p id=\"gemini-window\">Calls in the last minute, all nodes and models: <strong>")
                .append(status.geminiCallsLastMinute()).append("</strong>; the cluster's limit per model: ")
                .append(maxCallsPerMinute.getAsInt()).append(" (GEMINI_MAX_CALLS_PER_MINUTE; see <code>limits</code>)</p>\n");
        DailySpend.Report today = spend.get();
        if (today != null) {
            page.append("<p id=\"gemini-spend\">Spent today (").append(text(today.day().toString()))
                    .append(", Los Angeles): <strong>").append(text(BudgetWatch.usd(today.spent()))).append("</strong>")
                    .append(today.spending().budgetPerDay() == null ? ""
                            : " of BUDGET_USD_PER_DAY " + text(BudgetWatch.usd(today.spending().budgetPerDay())))
                    .append(today.clusterSpent() ? " <span class=\"error\">spent: no task is claimed "
                            + text(BudgetWatch.untilMidnight(today.dayEndsIn())) + "</span>" : "")
                    .append(today.spentPersonas().isEmpty() ? "" : "; personas waiting for the next day: "
                            + today.spentPersonas().size())
                    .append("</p>\n");
        }
        if (status.pausedModels().isEmpty()) {
            page.append("<p id=\"paused-models\" class=\"muted\">no model is paused</p>\n");
            return;
        }
        page.append("<table id=\"paused-models\">\n<tr><th>Paused model</th><th>Left</th><th>Why</th></tr>\n");
        status.pausedModels().forEach((model, pause) -> page.append("<tr><td>").append(text(model))
                .append("</td><td class=\"n\">").append(ago(pause.left())).append("</td><td class=\"error\">")
                .append(text(pause.reason())).append("</td></tr>\n"));
        page.append("</table>\n");
    }

    private void attempts(StringBuilder page, Status status) {
        page.append("<h2>Latest attempts</h2>\n<table id=\"attempts\">\n<tr><th>Task</th><th>Try</th><th>Type</th>"
                + "<th>Persona</th><th>Node</th><th>Started</th><th>Outcome</th><th>Error</th></tr>\n");
        for (Attempt attempt : status.attempts()) {
            page.append("<tr><td class=\"n\">").append(attempt.taskId())
                    .append("</td><td class=\"n\">").append(attempt.attemptNo())
                    .append("</td><td>").append(text(attempt.type()))
                    .append("</td><td>").append(text(attempt.persona())).append(" <span class=\"muted\">#")
                    .append(attempt.personaId()).append("</span>")
                    .append("</td><td>").append(text(attempt.nodeId()))
                    .append("</td><td>").append(time(attempt.startedAt()))
                    .append("</td><td>").append(attempt.outcome() == null ? "running" : text(attempt.outcome()))
                    .append("</td><td class=\"error\">").append(error(attempt.errorMessage()))
                    .append("</td></tr>\n");
        }
        if (status.attempts().isEmpty()) {
            page.append("<tr><td colspan=\"8\" class=\"muted\">no attempt yet</td></tr>\n");
        }
        page.append("</table>\n");
    }

    /** Escaped, and without any configured secret. */
    private String text(@Nullable String value) {
        return Html.escape(value == null ? null : secrets.scrub(value));
    }

    /** As {@link #text}, cut to {@link #MAX_ERROR} after the scrub, so a cut never splits a secret. */
    private String error(@Nullable String value) {
        return Html.escape(value == null ? null : shorten(secrets.scrub(value)));
    }

    private static String time(Instant instant) {
        return TIME.format(instant);
    }

    private static String ago(Duration duration) {
        long millis = duration.toMillis();
        return millis < 10_000 ? String.format(Locale.ROOT, "%.1f s", millis / 1000.0)
                : millis < 120_000 ? millis / 1000 + " s" : millis / 60_000 + " min";
    }

    private static String shorten(String text) {
        return text.length() <= MAX_ERROR ? text : text.substring(0, MAX_ERROR - 1) + "…";
    }

    @Override
    public void close() {
        read.close();
    }
}
