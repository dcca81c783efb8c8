package io.personaengine.node.metrics;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.personaengine.core.runner.RunnerListener;
import io.personaengine.core.task.ClaimedTask;
import io.personaengine.core.task.TaskType;
import io.personaengine.gemini.GeminiObserver;
import io.personaengine.node.TaskCounters;
import io.personaengine.store.DailySpend;
import io.personaengine.store.StatusQueries;
import java.time.Duration;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;

/**
 * One node's meters in a Prometheus registry of its own, every one tagged {@code node=<NODE_ID>}.
 * The node builds it first, hands {@link #runnerListener()} and {@link #gemini()} to the parts that
 * report, then {@link #bind binds} what is read on each scrape. Thread-safe.
 *
 * <p>Task meters: {@code persona_engine_tasks{type,status}} (the cluster's tasks, from the database:
 * every open task, read at most 5 s before a scrape, and every finished task still kept, read at
 * most a minute before; see {@link QueueGauges}); {@code persona_engine_tasks_<claimed|done|failed|retried|deferred|not_applied|rescued>_total}
 * (this node's runner, read from {@link TaskCounters}, so nothing is counted twice);
 * {@code persona_engine_task_start_lag_seconds{type}} (due time to claim, database clock). Gemini's
 * are listed on {@link GeminiMetrics}; the pool's are HikariCP's {@code hikaricp_*}; the JVM's are
 * Micrometer's {@code jvm_*}, {@code process_*} and {@code system_*}.
 */
public final class NodeMetrics implements AutoCloseable {

    /** The media type of {@link #scrape()}: Prometheus text format 0.0.4. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private static final Duration[] LAG_BUCKETS = {Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2_500), Duration.ofSeconds(5),
            Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(5),
            Duration.ofMinutes(15), Duration.ofHours(1)};

    private final String nodeId;
    private final PrometheusMeterRegistry registry;
    private final JvmGcMetrics gc;
    private final GeminiMetrics gemini;
    private final Map<TaskType, Timer> startLag = new EnumMap<>(TaskType.class);
    private volatile @Nullable QueueGauges queue;

    private NodeMetrics(String nodeId, Collection<String> models) {
        this.nodeId = requireNonNull(nodeId, "nodeId");
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags("node", nodeId);
        new JvmMemoryMetrics().bindTo(registry);
        this.gc = new JvmGcMetrics();
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        this.gemini = new GeminiMetrics(registry, models);
        for (TaskType type : TaskType.values()) {
            startLag.put(type, Timer.builder("persona_engine.task.start.lag")
                    .description("From the moment a task fell due to its claim by this node (database clock)")
                    .tag("type", type.name())
                    .serviceLevelObjectives(LAG_BUCKETS)
                    .register(registry));
        }
    }

    /** @param models the Gemini models the node calls; their series start at zero */
    public static NodeMetrics create(String nodeId, Collection<String> models) {
        return new NodeMetrics(nodeId, models);
    }

    /** Feeds the start lag; add it to the runner's listeners. */
    public RunnerListener runnerListener() {
        return new RunnerListener() {
            @Override
            public void claimed(ClaimedTask task) {
                Duration lag = task.startLag();
                startLag.get(task.type()).record(lag.isNegative() ? Duration.ZERO : lag);
            }
        };
    }

    /** Hears Gemini calls and permit waits; give it to the node's {@code GeminiContentGenerator}. */
    public GeminiObserver gemini() {
        return gemini;
    }

    /**
     * Binds what is read at scrape time: the runner's counters, the queue (through {@code queries}, on
     * the node's pool) and the pool's own metrics. Once per node.
     *
     * @throws IllegalStateException when the pool already reports its metrics elsewhere
     */
    public synchronized void bind(TaskCounters counters, HikariDataSource pool, StatusQueries queries) {
        if (queue != null) {
            throw new IllegalStateException("node " + nodeId + ": metrics are bound already");
        }
        counter("claimed", "Tasks this node claimed", counters, TaskCounters::claimed);
        counter("done", "Tasks this node finished DONE", counters, TaskCounters::done);
        counter("failed", "Tasks this node finished FAILED", counters, TaskCounters::failed);
        counter("retried", "Attempts this node sent back for a retry", counters, TaskCounters::retried);
        counter("deferred", "Attempts this node deferred without using a retry", counters, TaskCounters::deferred);
        counter("not_applied", "Outcomes this node could not record: the claim was lost or the publish refused",
                counters, TaskCounters::notApplied);
        counter("rescued", "Lost tasks of the cluster this node handed back to PENDING", counters,
                TaskCounters::rescued);
        // HikariCP allows this once, also on a running pool; its meters leave the registry when the pool closes
        pool.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
        queue = QueueGauges.of(registry, nodeId, queries);
    }

    /**
     * The day's Gemini spend, read from {@code report} (the node's latest, refreshed with each
     * heartbeat): {@code persona_engine_budget_spent_usd} (the cluster's, today in Los Angeles),
     * {@code persona_engine_budget_usd{scope="cluster"|"persona"}} (NaN while unset),
     * {@code persona_engine_budget_exhausted{scope="cluster"}} (1 while nothing is claimed for it) and
     * {@code persona_engine_budget_exhausted_personas} (personas waiting for the next day).
     */
    public void bindSpend(Supplier<DailySpend.@Nullable Report> report) {
        requireNonNull(report, "report"); // held strongly: a method reference has no other owner
        Gauge.builder("persona_engine.budget.spent.usd", report, r -> r.get() == null ? 0 : r.get().spent().doubleValue())
                .description("What the cluster spent on Gemini today (Los Angeles day), at the configured prices")
                .strongReference(true).register(registry);
        Gauge.builder("persona_engine.budget.usd", report, r -> usd(r.get(), true))
                .description("BUDGET_USD_PER_DAY, the cluster's daily budget; NaN when unset")
                .tag("scope", "cluster").strongReference(true).register(registry);
        Gauge.builder("persona_engine.budget.usd", report, r -> usd(r.get(), false))
                .description("PERSONA_BUDGET_USD_PER_DAY, each persona's daily budget; NaN when unset")
                .tag("scope", "persona").strongReference(true).register(registry);
        Gauge.builder("persona_engine.budget.exhausted", report, r -> r.get() != null && r.get().clusterSpent() ? 1 : 0)
                .description("1 while the cluster's daily budget is spent: no task is claimed until midnight in Los Angeles")
                .tag("scope", "cluster").strongReference(true).register(registry);
        Gauge.builder("persona_engine.budget.exhausted.personas", report,
                        r -> r.get() == null ? 0 : r.get().spentPersonas().size())
                .description("Personas whose daily budget is spent: their tasks wait until midnight in Los Angeles")
                .strongReference(true).register(registry);
    }

    private static double usd(DailySpend.@Nullable Report report, boolean cluster) {
        if (report == null) {
            return Double.NaN;
        }
        java.math.BigDecimal budget = cluster ? report.spending().budgetPerDay() : report.spending().personaBudgetPerDay();
        return budget == null ? Double.NaN : budget.doubleValue();
    }

    private void counter(String name, String description, TaskCounters counters, ToDoubleFunction<TaskCounters> f) {
        FunctionCounter.builder("persona_engine.tasks." + name, counters, f)
                .description(description)
                .register(registry);
    }

    /** The registry, for tests and for binding more meters. */
    public MeterRegistry registry() {
        return registry;
    }

    /** Every meter in Prometheus' text format ({@link #CONTENT_TYPE}); reads the queue first if stale. */
    public String scrape() {
        QueueGauges current = queue;
        if (current != null) {
            current.refresh();
        }
        return registry.scrape();
    }

    @Override
    public void close() {
        QueueGauges current = queue;
        if (current != null) {
            current.close();
        }
        gc.close();
        registry.close();
    }
}
