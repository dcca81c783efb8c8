package io.personaengine.node;

import static io.personaengine.node.config.ConfigKeys.*;

import com.zaxxer.hikari.HikariDataSource;
import io.personaengine.core.content.ContentGenerator;
import io.personaengine.core.forum.ForumReader;
import io.personaengine.core.picker.PickerSettings;
import io.personaengine.core.picker.RandomDelay;
import io.personaengine.core.picker.TaskDelays;
import io.personaengine.core.picker.TaskPicker;
import io.personaengine.core.runner.ActionHandler;
import io.personaengine.core.runner.Backoff;
import io.personaengine.core.runner.RunnerListener;
import io.personaengine.core.runner.RunnerSettings;
import io.personaengine.core.runner.TaskRunner;
import io.personaengine.core.task.TaskType;
import io.personaengine.gemini.GeminiClient;
import io.personaengine.gemini.GeminiClientConfig;
import io.personaengine.gemini.GeminiContentGenerator;
import io.personaengine.gemini.guard.GuardSettings;
import io.personaengine.gemini.guard.GuardedContentGenerator;
import io.personaengine.handlers.CommentHandler;
import io.personaengine.handlers.ImagePostHandler;
import io.personaengine.handlers.PostHandler;
import io.personaengine.handlers.ReplyHandler;
import io.personaengine.handlers.VoteHandler;
import io.personaengine.node.config.DurationRange;
import io.personaengine.node.config.NodeConfig;
import io.personaengine.node.jmx.NodeControl;
import io.personaengine.node.jmx.RemoteJmx;
import io.personaengine.node.http.HealthCheck;
import io.personaengine.node.http.HttpEndpoint;
import io.personaengine.node.http.Secrets;
import io.personaengine.node.http.StatusPage;
import io.personaengine.node.metrics.NodeMetrics;
import io.personaengine.node.quartz.ClusterScheduler;
import io.personaengine.node.quartz.RunnerLoop;
import io.personaengine.store.ConnectionPool;
import io.personaengine.store.DailySpend;
import io.personaengine.store.DatabaseConfig;
import io.personaengine.store.DueNotifications;
import io.personaengine.store.GeminiLimits;
import io.personaengine.store.JooqCallLedger;
import io.personaengine.store.JooqForum;
import io.personaengine.store.JooqTaskStore;
import io.personaengine.store.Migrations;
import io.personaengine.store.NodeHeartbeats;
import io.personaengine.store.OperatorPauses;
import io.personaengine.store.Spending;
import io.personaengine.store.StatusQueries;
import io.personaengine.store.Retention;
import io.personaengine.store.TaskStoreSettings;
import io.personaengine.node.config.ConfigException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import javax.management.remote.JMXServiceURL;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node of the cluster. {@link #start} builds the whole object graph in one readable place;
 * {@link #close()} takes it down in order: stop firing ticks, drain running tasks (bounded), leave
 * the Quartz cluster, close the pool.
 */
public final class PersonaNode implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PersonaNode.class);

    private final String nodeId;
    private final HikariDataSource pool;
    private final GeminiClient gemini;
    private final TaskRunner runner;
    private final TaskPicker picker;
    private final ClusterScheduler scheduler;
    private final RunnerLoop loop;
    private final DueNotifications due;
    private final NodeHeartbeats heartbeats;
    private final TaskCounters counters;
    private final Duration shutdownGrace;
    private @Nullable NodeControl control;
    private @Nullable RemoteJmx remoteJmx;
    private final NodeMetrics metrics;
    private volatile @Nullable HttpEndpoint http;
    private volatile boolean closed;

    private PersonaNode(String nodeId, HikariDataSource pool, GeminiClient gemini, TaskPicker picker,
            TaskRunner runner, ClusterScheduler scheduler, RunnerLoop loop, DueNotifications due,
            NodeHeartbeats heartbeats, TaskCounters counters, Duration shutdownGrace, NodeMetrics metrics) {
        this.nodeId = nodeId;
        this.pool = pool;
        this.gemini = gemini;
        this.picker = picker;
        this.runner = runner;
        this.scheduler = scheduler;
        this.loop = loop;
        this.due = due;
        this.heartbeats = heartbeats;
        this.counters = counters;
        this.shutdownGrace = shutdownGrace;
        this.metrics = metrics;
    }

    /**
     * Checks the configured Gemini models, then builds the node against {@code DB_URL} (which must be
     * set), migrates, and joins the cluster.
     *
     * @throws io.personaengine.node.config.ConfigException when the configuration cannot work: a
     *     {@code NODE_TIMEOUT} under three {@code HEARTBEAT_INTERVAL}s, bad remote JMX settings, a
     *     retired or unknown model, or a {@code JMX_PORT} or {@code HTTP_PORT} that cannot be opened (a
     *     refused key or an unreachable endpoint is an outage: the node waits for it)
     */
    public static PersonaNode start(NodeConfig config) throws SchedulerException {
        return start(config, JooqCallLedger.MINUTE);
    }

    /**
     * As {@link #start(NodeConfig)}, with the minute of Gemini's rules scaled to {@code limitWindow}:
     * {@code GEMINI_MAX_CALLS_PER_MINUTE} applies to that window, and a refused key or model pauses
     * calls for that long, so tests can watch the limit and outages without waiting minutes.
     */
    static PersonaNode start(NodeConfig config, Duration limitWindow) throws SchedulerException {
        if (config.get(NODE_TIMEOUT).compareTo(config.get(HEARTBEAT_INTERVAL).multipliedBy(3)) < 0) {
            throw new ConfigException(List.of("NODE_TIMEOUT must be at least three HEARTBEAT_INTERVALs, so one late "
                    + "heartbeat never hands a live node's tasks away; got NODE_TIMEOUT=" + config.get(NODE_TIMEOUT)
                    + " and HEARTBEAT_INTERVAL=" + config.get(HEARTBEAT_INTERVAL)));
        }
        Optional<RemoteJmx.Settings> jmx = RemoteJmx.settings(config); // refused before anything starts
        String nodeId = NodeIds.resolve(config.get(NODE_ID));
        // one event, so it stays together in any log shipper; one line per key at debug, for grep
        log.info("node {}: effective configuration, secrets masked:{}", nodeId,
                config.describe().stream().map(line -> "\n  " + line).collect(java.util.stream.Collectors.joining()));
        config.describe().forEach(line -> log.debug("config {}", line));
        Duration callTimeout = config.get(GEMINI_CALL_TIMEOUT);
        GeminiClientConfig geminiConfig = GeminiClientConfig.defaults()
                .withBaseUrl(config.get(GEMINI_BASE_URL))
                .withApiKey(config.optional(GEMINI_API_KEY).orElse(null))
                .withTimeouts(GeminiClientConfig.defaults().connectTimeout(),
                        callTimeout.compareTo(Duration.ofSeconds(60)) < 0 ? callTimeout : Duration.ofSeconds(60),
                        callTimeout);
        ModelCheck.require(config, geminiConfig); // before anything else starts: a retired model stops here
        DatabaseConfig database = new DatabaseConfig(config.get(DB_URL), config.get(DB_USER),
                config.get(DB_PASSWORD), config.get(DB_POOL_SIZE));
        HikariDataSource pool = ConnectionPool.open(database, "pool-" + nodeId);
        NodeMetrics metrics = null;
        GeminiClient gemini = null;
        ExecutorService workers = null;
        ClusterScheduler scheduler = null;
        DueNotifications due = null;
        NodeControl control = null;
        RemoteJmx remoteJmx = null;
        HttpEndpoint endpoint = null;
        NodeHeartbeats beating = null;
        try {
            metrics = NodeMetrics.create(nodeId, List.of(config.get(GEMINI_MODEL), config.get(GEMINI_IMAGE_MODEL)));
            gemini = new GeminiClient(geminiConfig);
            workers = workers(nodeId, config.get(MAX_CONCURRENT_TASKS));
            Migrations.migrate(pool);
            DSLContext dsl = DSL.using(pool, SQLDialect.POSTGRES);
            ClusterLimits limits = ClusterLimits.seed(new GeminiLimits(dsl), configuredLimits(config), nodeId);
            JooqCallLedger ledger = new JooqCallLedger(dsl, nodeId, limits::current, config.get(GEMINI_IMAGE_MODEL),
                    limitWindow);
            Supplier<Spending> spending = () -> limits.current().spending();
            DailySpend spend = new DailySpend(dsl, spending);
            JooqTaskStore tasks = new JooqTaskStore(dsl, new TaskStoreSettings(config.get(PERSONA_MAX_ACTIONS_PER_HOUR),
                    config.get(MAX_RESCUES), config.get(NODE_TIMEOUT)), ledger.budgetFor(config.get(GEMINI_MODEL)), spend);
            BudgetWatch budgets = new BudgetWatch(spend, spending);
            NodeHeartbeats heartbeats = new NodeHeartbeats(dsl);
            JooqForum forum = new JooqForum(dsl);
            GuardedContentGenerator generator = GuardedContentGenerator.around(
                    new GeminiContentGenerator(gemini, config.get(GEMINI_MODEL), config.get(GEMINI_IMAGE_MODEL),
                            metrics.gemini()),
                    ledger, GuardSettings.defaults().withMaxCallsPerMinute(limits.callsPerMinute()).withWindow(limitWindow)
                            .withOutagePause(limitWindow));
            RandomGenerator random = RandomGenerator.getDefault();
            TaskPicker picker = new TaskPicker(forum, tasks, pickerSettings(config), random);
            TaskCounters counters = new TaskCounters();
            TaskRunner runner = new TaskRunner(tasks, handlers(forum, generator), runnerSettings(config), nodeId,
                    workers, random,
                    RunnerListener.all(List.of(new LoggingListener(), counters, metrics.runnerListener())));
            metrics.bind(counters, pool, new StatusQueries(dsl));
            metrics.bindSpend(budgets::last);
            RetentionChore retention = RetentionChore.of(new Retention(dsl), config.get(TASK_RETENTION));
            scheduler = ClusterScheduler.create(pool, nodeId, config.get(SCHEDULER_INTERVAL_MS),
                    config.get(CLUSTER_CHECKIN_INTERVAL), picker, () -> {
                        ledger.prune();
                        heartbeats.forgetLongGone();
                        retention.run();
                    });
            heartbeats.beat(nodeId); // alive before the first claim
            beating = heartbeats;
            // a second for the minute's budget: about one slot of a 60-calls-a-minute limit
            RunnerLoop loop = new RunnerLoop(runner, scheduler::runnerPaused, nodeId,
                    config.get(SCHEDULER_INTERVAL_MS), config.get(TASK_LEASE), limitWindow.dividedBy(60),
                    config.get(HEARTBEAT_INTERVAL), () -> {
                        heartbeats.beat(nodeId);
                        ledger.flushSettlements();
                        limits.refresh(changed -> generator.callsPerMinuteChanged(limits.callsPerMinute()));
                        budgets.check();
                    });
            due = new DueNotifications(database, nodeId, loop::wake);
            control = new NodeControl(nodeId, runner, counters, scheduler, new OperatorPauses(dsl), ledger,
                    config.get(GEMINI_MODEL), limits::callsPerMinute);
            control.register();
            remoteJmx = jmx.map(RemoteJmx::start).orElse(null);
            PersonaNode node = new PersonaNode(nodeId, pool, gemini, picker, runner, scheduler, loop, due,
                    heartbeats, counters, config.get(SHUTDOWN_GRACE), metrics);
            node.control = control;
            node.remoteJmx = remoteJmx;
            endpoint = http(config, node, dsl, limits::callsPerMinute, budgets::last); // before the first claim: a bind failure undoes the start
            node.http = endpoint;
            due.start(); // listening before the first claim, so nothing queued after it goes unheard
            scheduler.start();
            loop.start();
            return node;
        } catch (RuntimeException | SchedulerException e) {
            // undo what was built, newest first, so a failed start leaves no threads or connections
            if (endpoint != null) {
                endpoint.close();
            }
            if (beating != null) {
                try {
                    beating.leave(nodeId);
                } catch (RuntimeException left) {
                    e.addSuppressed(left); // its heartbeat goes stale instead
                }
            }
            if (remoteJmx != null) {
                remoteJmx.close();
            }
            if (control != null) {
                control.unregister();
            }
            if (due != null) {
                due.close();
            }
            if (scheduler != null) {
                scheduler.close();
            }
            if (workers != null) {
                workers.shutdownNow();
            }
            if (gemini != null) {
                gemini.close();
            }
            pool.close();
            if (metrics != null) {
                metrics.close();
            }
            throw e;
        }
    }

    /** /health, /metrics and the status page on HTTP_PORT; null when it is unset. */
    private static @Nullable HttpEndpoint http(NodeConfig config, PersonaNode node, DSLContext dsl,
            java.util.function.IntSupplier callsPerMinute,
            Supplier<DailySpend.@Nullable Report> spend) {
        if (config.optional(HTTP_PORT).isEmpty()) {
            return null;
        }
        Secrets secrets = Secrets.of(
                Arrays.asList(config.get(DB_PASSWORD), config.optional(GEMINI_API_KEY).orElse(null)));
        return HttpEndpoint.start(config.get(HTTP_PORT), node.nodeId,
                new HealthCheck(node.nodeId, node.pool, node.scheduler.scheduler(), () -> node.closed, secrets),
                node.metrics, new StatusPage(node.nodeId, callsPerMinute, spend, config.get(NODE_TIMEOUT), dsl, secrets));
    }

    /** The Gemini limits this node's configuration asks for; the cluster's, in the database, win. */
    public static GeminiLimits.Values configuredLimits(NodeConfig config) {
        return new GeminiLimits.Values(config.get(GEMINI_MAX_CALLS_PER_MINUTE),
                config.optional(GEMINI_MAX_TOKENS_PER_MINUTE).map(Integer::longValue).orElse(null),
                config.optional(GEMINI_MAX_CALLS_PER_DAY).map(Integer::longValue).orElse(null),
                config.optional(GEMINI_IMAGE_MAX_CALLS_PER_MINUTE).map(Integer::longValue).orElse(null),
                new Spending(config.optional(BUDGET_USD_PER_DAY).orElse(null),
                        config.optional(PERSONA_BUDGET_USD_PER_DAY).orElse(null),
                        config.optional(GEMINI_PRICE_INPUT_PER_M).orElse(null),
                        config.optional(GEMINI_PRICE_OUTPUT_PER_M).orElse(null),
                        config.optional(GEMINI_PRICE_PER_IMAGE).orElse(null)));
    }

    /** One handler per task type, all in the persona's voice through the same generator. */
    static Map<TaskType, ActionHandler> handlers(ForumReader forum, ContentGenerator generator) {
        return Map.of(
                TaskType.COMMENT, new CommentHandler(forum, generator),
                TaskType.REPLY, new ReplyHandler(forum, generator),
                TaskType.VOTE, new VoteHandler(forum, generator),
                TaskType.POST, new PostHandler(forum, generator),
                TaskType.IMAGE_POST, new ImagePostHandler(forum, generator));
    }

    static PickerSettings pickerSettings(NodeConfig config) {
        TaskDelays delays = new TaskDelays(delay(config.get(DELAY_COMMENT)), delay(config.get(DELAY_REPLY)),
                delay(config.get(DELAY_VOTE)), delay(config.get(DELAY_POST)), delay(config.get(DELAY_IMAGE_POST)));
        return new PickerSettings(config.get(COMMENTS_PER_POST), config.get(POSTS_PER_DAY),
                config.get(IMAGE_POST_ONE_IN_TICKS), config.get(PERSONA_MAX_ACTIONS_PER_HOUR),
                config.get(MAX_RETRIES), config.get(PICKER_MAX_NEW_TASKS_PER_TICK), Duration.ofHours(24), delays);
    }

    static RunnerSettings runnerSettings(NodeConfig config) {
        DurationRange backoff = config.get(RETRY_BACKOFF);
        return new RunnerSettings(config.get(MAX_TASKS_PER_TICK), config.get(MAX_CONCURRENT_TASKS),
                config.get(TASK_LEASE),
                new Backoff(backoff.min(), backoff.max()), backoff.min());
    }

    private static RandomDelay delay(DurationRange range) {
        return new RandomDelay(range.min(), range.max());
    }

    private static ExecutorService workers(String nodeId, int threads) {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = runnable -> {
            Thread thread = new Thread(runnable, "task-" + nodeId + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        return Executors.newFixedThreadPool(threads, factory);
    }

    public String nodeId() {
        return nodeId;
    }

    public ClusterScheduler scheduler() {
        return scheduler;
    }

    public TaskRunner runner() {
        return runner;
    }

    public TaskPicker picker() {
        return picker;
    }

    /** The remote JMX address, when {@code JMX_PORT} is set. */
    public Optional<JMXServiceURL> jmxUrl() {
        return Optional.ofNullable(remoteJmx).map(RemoteJmx::url);
    }

    /** The port of this node's HTTP endpoint, if HTTP_PORT is set. */
    public OptionalInt httpPort() {
        HttpEndpoint endpoint = http;
        return endpoint == null ? OptionalInt.empty() : OptionalInt.of(endpoint.port());
    }

    /** This node's meters. */
    public NodeMetrics metrics() {
        return metrics;
    }

    /** What this node's runner did since it started. */
    public TaskCounters counters() {
        return counters;
    }

    private void leaveCluster() {
        try {
            heartbeats.leave(nodeId);
        } catch (RuntimeException e) {
            log.warn("node {} could not sign off; its heartbeat goes stale instead", nodeId, e);
        }
    }

    /**
     * Stops this node the way a crash looks to the rest of the cluster: no more claims, no lease
     * renewals, no Quartz check-ins. Tasks already running are left alone; whatever they try to
     * record later is fenced by their claims. For fault tests; {@link #close()} still releases the
     * rest afterwards.
     */
    public synchronized void halt() {
        if (remoteJmx != null) {
            remoteJmx.close();
        }
        loop.close();
        due.close();
        scheduler.abort();
        log.warn("node {} halted", nodeId);
    }

    /**
     * Leaves the cluster in order: stop claiming (own loop, then Quartz ticks), let running tasks
     * finish for up to SHUTDOWN_GRACE while their leases are renewed, hand unfinished ones back, then leave the
     * Quartz cluster and close the pool. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (remoteJmx != null) {
            remoteJmx.close();
        }
        if (control != null) {
            control.unregister();
        }
        due.close();
        loop.stopPolling();
        scheduler.standby();
        runner.close(shutdownGrace);
        loop.close();
        leaveCluster();
        scheduler.close();
        gemini.close();
        HttpEndpoint endpoint = http;
        if (endpoint != null) {
            endpoint.close(); // answered 503 "shutting down" while the node drained
        }
        pool.close();
        metrics.close();
        log.info("node {} stopped", nodeId);
    }

}
