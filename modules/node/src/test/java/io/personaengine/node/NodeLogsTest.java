package io.personaengine.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.personaengine.gemini.simulator.GeminiSimulator;
import io.personaengine.store.ForumAdmin;
import io.personaengine.store.testing.TestDatabaseExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/** What a running node logs: its configuration once, and task lines that name the task, persona and node. */
class NodeLogsTest {

    @RegisterExtension
    static final TestDatabaseExtension db = new TestDatabaseExtension();

    private static final String SECRET = "AIzaTestSecret4711";

    private final DSLContext dsl = DSL.using(db.dataSource(), SQLDialect.POSTGRES);
    private final GeminiSimulator simulator = GeminiSimulator.builder().build().start();
    private final Logger nodeLog = (Logger) LoggerFactory.getLogger(PersonaNode.class);
    private final Logger taskLog = (Logger) LoggerFactory.getLogger("io.personaengine.tasks");
    private final Events events = new Events();
    private Level nodeLevel;
    private PersonaNode node;

    @AfterEach
    void tearDown() {
        if (node != null) {
            node.close();
        }
        simulator.close();
        nodeLog.detachAppender(events);
        taskLog.detachAppender(events);
        nodeLog.setLevel(nodeLevel);
    }

    @Test
    void theConfigurationIsOneMaskedEventAndEveryTaskLineCarriesItsKeys() throws Exception {
        ForumAdmin forum = new ForumAdmin(dsl);
        long persona = forum.persona("ana", "Ana", "friendly", List.of("cooking"), false);
        long board = forum.board("kitchen", "The Kitchen", List.of("cooking"));
        forum.post(board, forum.user("maria"), "Eggs?", "Which pan?", List.of("cooking"));
        nodeLevel = nodeLog.getLevel();
        nodeLog.setLevel(Level.INFO);
        events.start();
        nodeLog.addAppender(events);
        taskLog.addAppender(events);

        node = PersonaNode.start(TestNodes.config(db, simulator, "node-a", "GEMINI_API_KEY", SECRET,
                "COMMENTS_PER_POST", "1"));
        await().atMost(Duration.ofSeconds(20)).until(() -> done().size() == 1);

        List<ILoggingEvent> config = events.list().stream()
                .filter(e -> e.getFormattedMessage().contains("effective configuration")).toList();
        assertThat(config).singleElement().satisfies(e -> {
            assertThat(e.getFormattedMessage()).startsWith("node node-a: effective configuration, secrets masked:\n  ")
                    .contains("\n  GEMINI_API_KEY=**** (", "\n  TASK_RETENTION=30d (default)", "\n  LOG_FORMAT=text")
                    .doesNotContain(SECRET);
            assertThat(e.getFormattedMessage().lines()).hasSizeGreaterThan(30);
        });
        String task = dsl.fetchValue("SELECT id FROM persona_tasks WHERE status = 'DONE'").toString();
        assertThat(done()).singleElement().satisfies(e -> assertThat(e.getMDCPropertyMap()).isEqualTo(Map.of(
                "task", task, "task_type", "COMMENT", "persona", Long.toString(persona), "node", "node-a")));
    }

    private List<ILoggingEvent> done() {
        return events.list().stream().filter(e -> e.getFormattedMessage().endsWith(": DONE")).toList();
    }

    /** Keeps every event; safe to read while node threads append. */
    private static final class Events extends AppenderBase<ILoggingEvent> {

        private final List<ILoggingEvent> list = new CopyOnWriteArrayList<>();

        @Override
        protected void append(ILoggingEvent event) {
            event.prepareForDeferredProcessing(); // message and MDC as on the logging thread
            list.add(event);
        }

        List<ILoggingEvent> list() {
            return List.copyOf(list);
        }
    }
}
