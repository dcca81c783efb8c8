package io.personaengine.store;

import static java.util.Objects.requireNonNull;

import io.personaengine.core.task.TaskType;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.exception.IntegrityConstraintViolationException;
import org.jspecify.annotations.Nullable;

/**
 * Operator pauses of a task type or a persona in {@code engine_pauses}: cluster-wide, kept across
 * restarts, honoured by the next claim of every node (claims skip the tasks they cover, which stay
 * PENDING). Lifting one wakes every node's claimer. The CLI and the node's MBean both go through
 * here. The picker and runner pauses are Quartz's own; {@link #active()} reads those too.
 */
public final class OperatorPauses {

    /** Quartz's scheduler name and job group of the two tick jobs. */
    public static final String SCHEDULER = "persona-engine";

    /**
     * One active pause.
     *
     * @param scope {@code picker}, {@code runner}, {@code type} or {@code persona}
     * @param target the task type or persona id; the job name for {@code picker} and {@code runner}
     * @param since when it was paused; null for the Quartz job pauses, which Quartz does not date
     * @param by who paused it; null for the Quartz job pauses
     */
    public record Pause(String scope, String target, @Nullable Instant since, @Nullable String by) {

        public Pause {
            requireNonNull(scope, "scope");
            requireNonNull(target, "target");
        }

        /** How an operator names it: {@code runner}, {@code type VOTE}, {@code persona 7}. */
        public String describe() {
            return scope.equals("type") || scope.equals("persona") ? scope + " " + target : scope;
        }
    }

    private final DSLContext dsl;

    public OperatorPauses(DSLContext dsl) {
        this.dsl = requireNonNull(dsl, "dsl");
    }

    /** @return false when the type was already paused */
    public boolean pauseType(TaskType type, String by) {
        return dsl.execute("INSERT INTO engine_pauses (task_type, paused_by) VALUES (?, ?) ON CONFLICT DO NOTHING",
                type.name(), by) == 1;
    }

    /** @return false when the type was not paused */
    public boolean resumeType(TaskType type) {
        return lifted(dsl.fetch("""
                WITH lifted AS (DELETE FROM engine_pauses WHERE task_type = ? RETURNING 1)
                SELECT pg_notify(?, 'resumed') FROM lifted""", type.name(), JooqTaskStore.DUE_CHANNEL));
    }

    /**
     * @return false when the persona was already paused
     * @throws IllegalArgumentException when there is no persona {@code personaId}
     */
    public boolean pausePersona(long personaId, String by) {
        try {
            return dsl.execute("INSERT INTO engine_pauses (persona_id, paused_by) VALUES (?, ?) ON CONFLICT DO NOTHING",
                    personaId, by) == 1;
        } catch (IntegrityConstraintViolationException e) {
            throw new IllegalArgumentException("there is no persona " + personaId, e);
        }
    }

    /** @return false when the persona was not paused */
    public boolean resumePersona(long personaId) {
        return lifted(dsl.fetch("""
                WITH lifted AS (DELETE FROM engine_pauses WHERE persona_id = ? RETURNING 1)
                SELECT pg_notify(?, 'resumed') FROM lifted""", personaId, JooqTaskStore.DUE_CHANNEL));
    }

    /** One row per pause lifted (at most one, by the unique keys), each waking the claimers once. */
    private static boolean lifted(org.jooq.Result<Record> rows) {
        return !rows.isEmpty();
    }

    /** Task types paused now. */
    public List<TaskType> pausedTypes() {
        return dsl.fetch("SELECT task_type FROM engine_pauses WHERE task_type IS NOT NULL ORDER BY task_type")
                .map(r -> TaskType.valueOf(r.get(0, String.class)));
    }

    /** Personas paused now, by id. */
    public List<Long> pausedPersonas() {
        return dsl.fetch("SELECT persona_id FROM engine_pauses WHERE persona_id IS NOT NULL ORDER BY persona_id")
                .map(r -> r.get(0, Long.class));
    }

    /**
     * Every active pause: the Quartz job pauses of {@code task-picker} and {@code task-runner}
     * (trigger state in the database), then types, then personas.
     */
    public List<Pause> active() {
        List<Pause> pauses = new ArrayList<>();
        dsl.fetch("""
                SELECT trigger_name FROM qrtz_triggers
                WHERE sched_name = ? AND trigger_group = ? AND trigger_state IN ('PAUSED', 'PAUSED_BLOCKED')
                ORDER BY trigger_name""", SCHEDULER, SCHEDULER)
                .forEach(r -> {
                    String job = r.get(0, String.class);
                    pauses.add(new Pause(job.replace("task-", "").toLowerCase(Locale.ROOT), job, null, null));
                });
        dsl.fetch("""
                SELECT task_type, persona_id, paused_at, paused_by FROM engine_pauses
                ORDER BY task_type NULLS LAST, persona_id""")
                .forEach(r -> {
                    String type = r.get("task_type", String.class);
                    Instant since = r.get("paused_at", OffsetDateTime.class).toInstant();
                    String by = r.get("paused_by", String.class);
                    pauses.add(type != null ? new Pause("type", type, since, by)
                            : new Pause("persona", String.valueOf(r.get("persona_id", Long.class)), since, by));
                });
        return pauses;
    }
}
