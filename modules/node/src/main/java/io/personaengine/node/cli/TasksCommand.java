package io.personaengine.node.cli;

import static io.personaengine.node.config.ConfigKeys.TASK_RETENTION;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.personaengine.node.Database;
import io.personaengine.node.config.Durations;
import io.personaengine.node.config.NodeConfig;
import io.personaengine.store.TaskHistory;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "tasks", mixinStandardHelpOptions = true,
        description = "Task history, newest first, with filters.")
final class TasksCommand implements Callable<Integer> {

    private static final List<String> STATUSES = List.of("PENDING", "RUNNING", "DONE", "FAILED");
    private static final List<String> TYPES = List.of("COMMENT", "REPLY", "VOTE", "POST", "IMAGE_POST");
    private static final DateTimeFormatter HORIZON =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm'Z'").withZone(ZoneOffset.UTC);

    @Mixin
    ConfigOption config;

    @Spec
    CommandSpec spec;

    @Option(names = "--status", paramLabel = "STATUS", description = "PENDING, RUNNING, DONE or FAILED.")
    @Nullable String status;

    @Option(names = "--type", paramLabel = "TYPE", description = "COMMENT, REPLY, VOTE, POST or IMAGE_POST.")
    @Nullable String type;

    @Option(names = "--persona", paramLabel = "ID", description = "Only this persona's tasks.")
    @Nullable Long persona;

    @Option(names = "--since", paramLabel = "DURATION", description = "Only tasks created within, e.g. 2h. "
            + "Finished tasks older than TASK_RETENTION are no longer there.")
    @Nullable String since;

    @Option(names = "--limit", defaultValue = "50", paramLabel = "N", description = "At most N rows (default 50).")
    int limit;

    @Option(names = "--json", description = "JSON instead of a table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        TaskHistory.Query query = query();
        NodeConfig loaded = config.load();
        Duration retention = loaded.get(TASK_RETENTION);
        query.since().filter(since -> since.compareTo(retention) > 0)
                .ifPresent(since -> spec.commandLine().getErr().println(retentionNote(retention, Instant.now())));
        try (Database database = Database.open(loaded)) {
            List<TaskHistory.Row> rows = new TaskHistory(DSL.using(database.pool(), SQLDialect.POSTGRES)).find(query);
            print(rows, System.out);
        }
        return 0;
    }

    /** Said on stderr when {@code --since} reaches back past the retention: the table alone cannot show it. */
    static String retentionNote(Duration retention, Instant now) {
        String horizon = HORIZON.format(now.minus(retention));
        return "note: finished tasks older than " + Durations.format(retention) + " (TASK_RETENTION) have been "
                + "deleted; history before " + horizon + " is incomplete";
    }

    private TaskHistory.Query query() {
        if (limit < 1 || limit > 10_000) {
            throw new ParameterException(spec.commandLine(), "--limit must be from 1 to 10000, got " + limit);
        }
        return new TaskHistory.Query(oneOf("--status", status, STATUSES), oneOf("--type", type, TYPES),
                Optional.ofNullable(persona), Optional.ofNullable(since).map(this::duration), limit);
    }

    private Optional<String> oneOf(String option, @Nullable String value, List<String> accepted) {
        if (value == null) {
            return Optional.empty();
        }
        String upper = value.toUpperCase(Locale.ROOT);
        if (!accepted.contains(upper)) {
            throw new ParameterException(spec.commandLine(),
                    option + " '" + value + "' is not one of " + String.join(", ", accepted));
        }
        return Optional.of(upper);
    }

    private Duration duration(String text) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--since '" + text + "': " + e.getMessage());
        }
    }

    private void print(List<TaskHistory.Row> rows, PrintStream out) throws Exception {
        if (json) {
            List<Map<String, Object>> objects = rows.stream().map(TasksCommand::object).toList();
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(objects));
            out.flush();
            return;
        }
        out.printf("%-8s %-10s %-8s %-8s %-16s %-20s %-7s %-8s %-9s %s%n", "ID", "TYPE", "STATUS", "PERSONA",
                "TARGET", "SCHEDULED", "RETRIES", "ATTEMPTS", "RESULT", "ERROR");
        for (TaskHistory.Row r : rows) {
            out.printf("%-8d %-10s %-8s %-8d %-16s %-20s %-7s %-8d %-9s %s%n", r.id(), r.type(), r.status(),
                    r.personaId(), target(r), r.scheduledAt().toString().substring(0, 19),
                    r.retryCount() + "/" + r.maxRetries(), r.attemptCount(),
                    r.resultId() == null ? "" : r.resultId(), abbreviate(r.errorMessage()));
        }
        out.flush();
    }

    private static String target(TaskHistory.Row r) {
        if (r.commentId() != null) {
            return "comment " + r.commentId();
        }
        return r.postId() != null ? "post " + r.postId() : "board " + r.boardId();
    }

    private static String abbreviate(@Nullable String text) {
        if (text == null) {
            return "";
        }
        String oneLine = text.replaceAll("\\s+", " ");
        return oneLine.length() <= 70 ? oneLine : oneLine.substring(0, 69) + "…";
    }

    private static Map<String, Object> object(TaskHistory.Row r) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("id", r.id());
        o.put("task_type", r.type());
        o.put("status", r.status());
        o.put("persona_id", r.personaId());
        o.put("post_id", r.postId());
        o.put("comment_id", r.commentId());
        o.put("board_id", r.boardId());
        o.put("created_at", r.createdAt().toString());
        o.put("scheduled_at", r.scheduledAt().toString());
        o.put("completed_at", r.completedAt() == null ? null : r.completedAt().toString());
        o.put("retry_count", r.retryCount());
        o.put("max_retries", r.maxRetries());
        o.put("attempt_count", r.attemptCount());
        o.put("rescue_count", r.rescueCount());
        o.put("defer_count", r.deferCount());
        o.put("claimed_by", r.claimedBy());
        o.put("result_id", r.resultId());
        o.put("error_message", r.errorMessage());
        return o;
    }
}
