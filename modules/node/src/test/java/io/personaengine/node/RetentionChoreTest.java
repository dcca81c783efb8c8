package io.personaengine.node;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.personaengine.store.Retention;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** What the retention chore says, and how rarely, driven by scripted purges and a manual clock. */
class RetentionChoreTest {

    private final Logger logger = (Logger) LoggerFactory.getLogger(RetentionChore.class);
    private final ListAppender<ILoggingEvent> events = new ListAppender<>();
    private final Deque<Retention.Purge> purges = new ArrayDeque<>();
    private final AtomicLong nanos = new AtomicLong(1_000);
    private final RetentionChore chore = new RetentionChore(purges::removeFirst, Duration.ofDays(30), nanos::get);
    private Level level;

    @BeforeEach
    void listen() {
        level = logger.getLevel();
        logger.setLevel(Level.DEBUG);
        events.start();
        logger.addAppender(events);
    }

    @AfterEach
    void stopListening() {
        logger.detachAppender(events);
        logger.setLevel(level);
    }

    @Test
    void aSteadyTrickleIsSummedUpOnceAnHourAtInfo() {
        for (int minute = 0; minute <= 120; minute++) {
            purges.add(new Retention.Purge(minute % 2, 1, false));
            chore.run();
            nanos.addAndGet(Duration.ofMinutes(1).toNanos());
        }

        assertThat(info()).containsExactly(
                "purged 30 finished task(s) older than 30d (TASK_RETENTION) in the last 1h",
                "purged 30 finished task(s) older than 30d (TASK_RETENTION) in the last 1h");
        assertThat(debug()).hasSize(60).allMatch(line -> line.startsWith("purged 1 finished task(s) older than 30d"));
    }

    @Test
    void aBacklogIsAnnouncedOnceWhenItStartsNotEveryTick() {
        purges.addAll(List.of(new Retention.Purge(5_000, 5, true), new Retention.Purge(5_000, 5, true),
                new Retention.Purge(12, 1, false), new Retention.Purge(5_000, 5, true)));

        for (int i = 0; i < 4; i++) {
            chore.run();
        }

        assertThat(info()).hasSize(2).allMatch(line -> line.startsWith("more finished tasks are older than 30d"));
    }

    @Test
    void nothingToPurgeSaysNothing() {
        for (int i = 0; i < 3; i++) {
            purges.add(new Retention.Purge(0, 1, false));
            chore.run();
            nanos.addAndGet(Duration.ofHours(1).toNanos());
        }

        assertThat(events.list).isEmpty();
    }

    private List<String> info() {
        return lines(Level.INFO);
    }

    private List<String> debug() {
        return lines(Level.DEBUG);
    }

    private List<String> lines(Level at) {
        return events.list.stream().filter(e -> e.getLevel() == at).map(ILoggingEvent::getFormattedMessage).toList();
    }
}
