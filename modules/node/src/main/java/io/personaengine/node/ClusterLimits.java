package io.personaengine.node;

import static java.util.Objects.requireNonNull;

import io.personaengine.store.GeminiLimits;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's copy of the cluster's Gemini limits. Seeded into the database by the first node to
 * start; every node reads them back with each heartbeat, so {@code limits set} holds on every node
 * within a heartbeat, whatever each node's own configuration says. Thread-safe.
 */
final class ClusterLimits {

    private static final Logger log = LoggerFactory.getLogger(ClusterLimits.class);

    private final GeminiLimits table;
    private volatile GeminiLimits.Values current;

    private ClusterLimits(GeminiLimits table, GeminiLimits.Values current) {
        this.table = table;
        this.current = current;
    }

    /** Seeds what the table lacks from {@code configured}, then uses the table's values. */
    static ClusterLimits seed(GeminiLimits table, GeminiLimits.Values configured, String nodeId) {
        GeminiLimits.Values cluster = table.seed(requireNonNull(configured, "configured"), "seed:" + nodeId);
        if (!cluster.equals(configured)) {
            log.warn("this node is configured with Gemini limits {}, but the cluster's limits in the database are {}: "
                    + "it uses the database's (see `persona-engine limits`; change them with `limits set KEY=VALUE`)",
                    describe(configured), describe(cluster));
        } else {
            log.info("Gemini limits of the cluster: {}", describe(cluster));
        }
        warnUnpriced(cluster);
        return new ClusterLimits(table, cluster);
    }

    GeminiLimits.Values current() {
        return current;
    }

    int callsPerMinute() {
        return (int) Math.min(Integer.MAX_VALUE, current.callsPerMinute());
    }

    /**
     * Reads the table again; when the limits changed, applies them and tells {@code changed}. A
     * failed read keeps the limits in use (the heartbeat that calls this reports database trouble).
     */
    void refresh(Consumer<GeminiLimits.Values> changed) {
        table.read().ifPresent(read -> {
            GeminiLimits.Values before = current;
            if (!read.equals(before)) {
                current = read;
                log.info("Gemini limits of the cluster changed from {} to {}", describe(before), describe(read));
                warnUnpriced(read);
                changed.accept(read);
            }
        });
    }

    private static void warnUnpriced(GeminiLimits.Values values) {
        if (values.spending().budgeted() && !values.spending().priced()) {
            log.warn("a daily Gemini budget is set, but no GEMINI_PRICE_* key is: calls cost nothing, so no budget "
                    + "is ever spent (set the prices with `persona-engine limits set GEMINI_PRICE_INPUT_PER_M=…`)");
        }
    }

    static String describe(GeminiLimits.Values values) {
        StringBuilder text = new StringBuilder();
        for (GeminiLimits.Key key : GeminiLimits.Key.values()) {
            java.math.BigDecimal value = values.get(key);
            text.append(text.isEmpty() ? "" : ", ").append(key).append('=')
                    .append(value == null ? "none" : value.toPlainString());
        }
        return text.toString();
    }
}
