package io.personaengine.store;

import io.personaengine.core.content.Usage;
import io.personaengine.core.task.ClaimedTask;
import io.personaengine.core.task.Effect;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The statements that publish a task's effect, record the persona's memory and finish the task,
 * sent as one {@link Pipeline}: one round trip, one transaction. The first statement locks the task
 * row by its id and claim token, so a node whose claim was rescued publishes nothing, and nobody
 * can take the claim while the rest runs. Memory comes first for effects on an existing target, so
 * a persona that already acted there is refused before anything is written; a vote the forum
 * already holds leaves no memory behind. The last statement reports the outcome.
 */
final class Publisher {

    /** SQL and its parameters, in order. */
    record Statements(String sql, List<Object> parameters) {}

    private static final String LOCK = """
            SELECT 1 FROM persona_tasks WHERE id = ? AND claim_token = ? AND status = 'RUNNING' FOR NO KEY UPDATE;
            """;
    private static final String HELD = "EXISTS (SELECT 1 FROM persona_tasks WHERE id = ? AND claim_token = ? AND status = 'RUNNING')";
    private static final String REMEMBER = """
            INSERT INTO persona_memory (persona_id, task_type, target_id, task_id)
            SELECT ?::bigint, ?::varchar, ?::bigint, ?::bigint WHERE %s
            ON CONFLICT DO NOTHING;
            """.formatted(HELD);
    private static final String REMEMBERED = """
            EXISTS (SELECT 1 FROM persona_memory m
                    WHERE m.persona_id = ? AND m.task_type = ? AND m.target_id = ? AND m.task_id = ?)""";
    private static final String COMMENT = """
            INSERT INTO comments (post_id, parent_id, author_id, body, task_id)
            SELECT ?::bigint, ?::bigint, p.user_id, ?::text, ?::bigint FROM personas p WHERE p.id = ? AND %s;
            """.formatted(REMEMBERED);
    private static final String VOTE = """
            INSERT INTO votes (post_id, user_id, value, task_id)
            SELECT ?::bigint, p.user_id, ?::smallint, ?::bigint FROM personas p WHERE p.id = ? AND %s
            ON CONFLICT DO NOTHING;
            DELETE FROM persona_memory
            WHERE persona_id = ? AND task_type = ? AND target_id = ? AND task_id = ?
              AND NOT EXISTS (SELECT 1 FROM votes WHERE task_id = ?);
            """.formatted(REMEMBERED);
    private static final String POST = """
            %s
            INSERT INTO posts (board_id, author_id, title, body, tags, image_id, task_id)
            SELECT ?::bigint, p.user_id, ?::varchar, ?::text, ?::text[], %s, ?::bigint FROM personas p
            WHERE p.id = ? AND %s;
            INSERT INTO persona_memory (persona_id, task_type, target_id, task_id)
            SELECT ?::bigint, ?::varchar, id, task_id FROM posts WHERE task_id = ?
            ON CONFLICT DO NOTHING;
            """;
    private static final String IMAGE = """
            WITH image AS (
                INSERT INTO images (mime_type, data, prompt) SELECT ?::varchar, ?::bytea, ?::text WHERE %s
                RETURNING id)""".formatted(HELD);
    // Parameters: the result's own, refusal, id, token, calls, prompt tokens, output tokens, images, model,
    // cost, token, then the spend's (JooqTaskStore.SPENT).
    private static final String FINISH = """
            WITH result AS (SELECT (%s) AS id),
            finished AS (
                UPDATE persona_tasks t SET
                    status = CASE WHEN result.id IS NULL THEN 'FAILED' ELSE 'DONE' END,
                    result_id = result.id,
                    error_message = CASE WHEN result.id IS NULL THEN ?::text END,
                    completed_at = statement_timestamp(),
                    claim_token = NULL,
                    lease_expires_at = NULL
                FROM result
                WHERE t.id = ? AND t.claim_token = ? AND t.status = 'RUNNING'
                RETURNING t.status, t.result_id, t.error_message),
            attempt AS (
                UPDATE persona_task_attempts a SET
                    finished_at = statement_timestamp(), outcome = finished.status,
                    error_message = finished.error_message, gemini_calls = ?, prompt_tokens = ?,
                    output_tokens = ?, images = ?, model = ?::varchar, cost_usd = ?::numeric
                FROM finished WHERE a.claim_token = ?),
            %s
            SELECT status, result_id, error_message FROM finished
            """;

    private Publisher() {}

    /**
     * The pipeline for {@code effect}; its second result set is the finished task, if the claim held.
     *
     * @param cost what the attempt's calls cost, or null while no price is set
     */
    static Statements publish(ClaimedTask task, Effect effect, Usage usage, @Nullable BigDecimal cost) {
        List<Object> parameters = new ArrayList<>(List.of(task.id(), task.claimToken()));
        StringBuilder sql = new StringBuilder(LOCK);
        String result;
        String refusal;
        if (effect instanceof Effect.PublishPost post) {
            boolean image = post.image() != null;
            sql.append(POST.formatted(image ? IMAGE : "", image ? "(SELECT id FROM image)" : "NULL::bigint", HELD));
            if (image) {
                parameters.addAll(Arrays.asList(post.image().mimeType(), post.image().data(), post.image().prompt(),
                        task.id(), task.claimToken()));
            }
            parameters.addAll(Arrays.asList(post.boardId(), text(post.title()), text(post.body()),
                    post.tags().stream().map(Publisher::text).toArray(String[]::new), task.id(), task.personaId(),
                    task.id(), task.claimToken(), task.personaId(), task.type().name(), task.id()));
            result = "SELECT id FROM posts WHERE task_id = ?";
            refusal = "the post could not be published";
        } else {
            long target = memoryTarget(task);
            List<Object> memory = List.of(task.personaId(), task.type().name(), target, task.id());
            sql.append(REMEMBER);
            parameters.addAll(memory);
            parameters.addAll(List.of(task.id(), task.claimToken()));
            if (effect instanceof Effect.PublishComment comment) {
                sql.append(COMMENT);
                parameters.addAll(Arrays.asList(comment.postId(), comment.parentId(), text(comment.body()), task.id(),
                        task.personaId()));
                parameters.addAll(memory);
                result = "SELECT id FROM comments WHERE task_id = ?";
                refusal = "persona " + task.personaId() + " already did " + task.type() + " on " + target;
            } else {
                Effect.CastVote vote = (Effect.CastVote) effect;
                sql.append(VOTE);
                parameters.addAll(List.of(vote.postId(), vote.value(), task.id(), task.personaId()));
                parameters.addAll(memory);
                parameters.addAll(memory);
                parameters.add(task.id());
                result = "SELECT post_id FROM votes WHERE task_id = ?";
                refusal = "persona " + task.personaId() + " has already voted on post " + vote.postId();
            }
        }
        sql.append(FINISH.formatted(result, JooqTaskStore.SPENT));
        parameters.addAll(Arrays.asList(task.id(), refusal, task.id(), task.claimToken(), usage.calls(),
                usage.promptTokens(), usage.outputTokens(), usage.images(),
                usage.model().isEmpty() ? null : usage.model(), cost, task.claimToken(), task.personaId(), cost, cost));
        return new Statements(sql.toString(), parameters);
    }

    // PostgreSQL text cannot hold NUL; a model that emits one must not make the task unpublishable
    private static String text(String value) {
        return value.replace("\u0000", "");
    }

    private static long memoryTarget(ClaimedTask task) {
        return switch (task.type()) {
            case COMMENT, VOTE -> task.requirePostId();
            case REPLY -> Objects.requireNonNull(task.commentId(), "REPLY task without a comment");
            case POST, IMAGE_POST -> throw new IllegalArgumentException(task.type() + " targets no existing row");
        };
    }
}
