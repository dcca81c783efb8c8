package io.personaengine.node.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.personaengine.store.StatusQueries.QueueCount;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The two counts behind {@code persona_engine_tasks}: open tasks read often, finished ones rarely. */
class QueueGaugesTest {

    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final AtomicInteger openReads = new AtomicInteger();
    private final AtomicInteger finishedReads = new AtomicInteger();

    @Test
    void openTasksAreReadAgainOnceTheirAgePassesAndFinishedOnesOnlyOnceTheirs() {
        try (QueueGauges gauges = new QueueGauges(registry, "node-a",
                () -> List.of(new QueueCount("COMMENT", "PENDING", openReads.incrementAndGet())),
                () -> List.of(new QueueCount("COMMENT", "DONE", 100 + finishedReads.incrementAndGet())),
                Duration.ZERO, Duration.ofHours(1))) {
            for (int i = 0; i < 3; i++) {
                gauges.refresh();
            }

            assertThat(openReads).hasValue(3);
            assertThat(finishedReads).as("kept for its age").hasValue(1);
            assertThat(value("COMMENT", "PENDING")).isEqualTo(3);
            assertThat(value("COMMENT", "DONE")).isEqualTo(101);
            assertThat(value("COMMENT", "RUNNING")).as("no tasks: 0").isZero();
            assertThat(value("VOTE", "FAILED")).as("no tasks: 0").isZero();
            assertThat(registry.get("persona_engine.tasks").gauge().getId().getDescription())
                    .contains("PENDING and RUNNING count every open task", "DONE and FAILED count every finished "
                            + "task still kept (TASK_RETENTION), read at most 60 s before");
        }
    }

    @Test
    void aFailedReadMakesOnlyItsOwnGaugesUnknown() {
        try (QueueGauges gauges = new QueueGauges(registry, "node-a",
                () -> List.of(new QueueCount("COMMENT", "PENDING", 2)),
                () -> {
                    throw new IllegalStateException("statement timeout");
                },
                Duration.ofHours(1), Duration.ofHours(1))) {
            assertThat(value("COMMENT", "PENDING")).as("not read yet").isNaN();

            gauges.refresh();

            assertThat(value("COMMENT", "PENDING")).isEqualTo(2);
            assertThat(value("COMMENT", "RUNNING")).isZero();
            assertThat(value("COMMENT", "DONE")).isNaN();
            assertThat(value("VOTE", "FAILED")).isNaN();
        }
    }

    private double value(String type, String status) {
        return registry.get("persona_engine.tasks").tag("type", type).tag("status", status).gauge().value();
    }
}
