package io.personaengine.store;

import static io.personaengine.store.jooq.Tables.COMMENTS;
import static io.personaengine.store.jooq.Tables.PERSONA_TASKS;
import static io.personaengine.store.jooq.Tables.PERSONA_TASK_ATTEMPTS;
import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.TreeMap;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/** Figures about the queue and its history, for progress lines, summaries and the stats command. */
public final class QueueStatistics {

    private final DSLContext dsl;

    public QueueStatistics(DSLContext dsl) {
        this.dsl = requireNonNull(dsl, "dsl");
    }

    /** Task counts keyed {@code "TYPE STATUS"}. */
    public Map<String, Integer> tasksByTypeAndStatus() {
        Map<String, Integer> counts = new TreeMap<>();
        dsl.select(PERSONA_TASKS.TASK_TYPE, PERSONA_TASKS.STATUS, DSL.count())
                .from(PERSONA_TASKS)
                .groupBy(PERSONA_TASKS.TASK_TYPE, PERSONA_TASKS.STATUS)
                .forEach(r -> counts.put(r.value1() + " " + r.value2(), r.value3()));
        return counts;
    }

    /** Task counts by status. */
    public Map<String, Integer> tasksByStatus() {
        Map<String, Integer> counts = new TreeMap<>();
        dsl.select(PERSONA_TASKS.STATUS, DSL.count())
                .from(PERSONA_TASKS)
                .groupBy(PERSONA_TASKS.STATUS)
                .forEach(r -> counts.put(r.value1(), r.value2()));
        return counts;
    }

    /** Finished tasks by type, {@code DONE} only. */
    public Map<String, Integer> doneByType() {
        Map<String, Integer> counts = new TreeMap<>();
        dsl.select(PERSONA_TASKS.TASK_TYPE, DSL.count())
                .from(PERSONA_TASKS)
                .where(PERSONA_TASKS.STATUS.eq("DONE"))
                .groupBy(PERSONA_TASKS.TASK_TYPE)
                .forEach(r -> counts.put(r.value1(), r.value2()));
        return counts;
    }

    /** Comments published by persona tasks. */
    public int personaComments() {
        return dsl.fetchCount(COMMENTS, COMMENTS.TASK_ID.isNotNull());
    }

    /** Attempts so far, with their Gemini calls and tokens. */
    public AttemptTotals attempts() {
        var row = dsl.select(DSL.count(),
                        DSL.coalesce(DSL.sum(PERSONA_TASK_ATTEMPTS.GEMINI_CALLS), DSL.inline(java.math.BigDecimal.ZERO)),
                        DSL.coalesce(DSL.sum(PERSONA_TASK_ATTEMPTS.PROMPT_TOKENS), DSL.inline(java.math.BigDecimal.ZERO)),
                        DSL.coalesce(DSL.sum(PERSONA_TASK_ATTEMPTS.OUTPUT_TOKENS), DSL.inline(java.math.BigDecimal.ZERO)),
                        DSL.countDistinct(PERSONA_TASK_ATTEMPTS.NODE_ID))
                .from(PERSONA_TASK_ATTEMPTS)
                .fetchSingle();
        return new AttemptTotals(row.value1(), row.value2().longValue(), row.value3().longValue(),
                row.value4().longValue(), row.value5());
    }

    /** Totals over {@code persona_task_attempts}. */
    public record AttemptTotals(int attempts, long geminiCalls, long promptTokens, long outputTokens, int nodes) {}
}
