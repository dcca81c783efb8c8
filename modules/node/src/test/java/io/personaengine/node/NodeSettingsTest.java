package io.personaengine.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.personaengine.core.picker.PickerSettings;
import io.personaengine.core.picker.RandomDelay;
import io.personaengine.core.runner.RunnerSettings;
import io.personaengine.core.task.TaskType;
import io.personaengine.node.config.NodeConfig;
import io.personaengine.node.quartz.TickJobs;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quartz.DisallowConcurrentExecution;

/** Configuration keys reach the picker and the runner as the contract says. */
class NodeSettingsTest {

    @Test
    void eachTaskTypeGetsTheDelayOfItsOwnKey() {
        PickerSettings settings = PersonaNode.pickerSettings(NodeConfig.of(Map.of(
                "DELAY_COMMENT", "1s..2s", "DELAY_REPLY", "3s..4s", "DELAY_VOTE", "5s..6s",
                "DELAY_POST", "7s..8s", "DELAY_IMAGE_POST", "9s..10s")));

        assertThat(settings.delays().of(TaskType.COMMENT)).isEqualTo(delay(1, 2));
        assertThat(settings.delays().of(TaskType.REPLY)).isEqualTo(delay(3, 4));
        assertThat(settings.delays().of(TaskType.VOTE)).isEqualTo(delay(5, 6));
        assertThat(settings.delays().of(TaskType.POST)).isEqualTo(delay(7, 8));
        assertThat(settings.delays().of(TaskType.IMAGE_POST)).isEqualTo(delay(9, 10));
    }

    @Test
    void pickerAndRunnerLimitsComeFromTheirKeys() {
        NodeConfig config = NodeConfig.of(Map.of("COMMENTS_PER_POST", "4", "POSTS_PER_DAY", "12",
                "IMAGE_POST_ONE_IN_TICKS", "7", "PERSONA_MAX_ACTIONS_PER_HOUR", "9", "MAX_RETRIES", "2",
                "PICKER_MAX_NEW_TASKS_PER_TICK", "33", "MAX_TASKS_PER_TICK", "20", "MAX_CONCURRENT_TASKS", "5",
                "TASK_LEASE", "45s", "RETRY_BACKOFF", "10s..5m"));

        PickerSettings picker = PersonaNode.pickerSettings(config);
        RunnerSettings runner = PersonaNode.runnerSettings(config);

        assertThat(picker).extracting(PickerSettings::commentsPerPost, PickerSettings::postsPerDay,
                        PickerSettings::imagePostOneInTicks, PickerSettings::personaMaxActionsPerHour,
                        PickerSettings::maxRetries, PickerSettings::maxNewTasksPerTick)
                .containsExactly(4, 12, 7, 9, 2, 33);
        assertThat(runner.maxTasksPerTick()).isEqualTo(20);
        assertThat(runner.maxConcurrentTasks()).isEqualTo(5);
        assertThat(runner.lease()).isEqualTo(Duration.ofSeconds(45));
        assertThat(runner.retryBackoff().base()).isEqualTo(Duration.ofSeconds(10));
        assertThat(runner.retryBackoff().cap()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void thePickerJobMayNeverRunTwiceAtOnceInTheClusterWhileTheRunnerJobMay() {
        assertThat(TickJobs.PickerJob.class).hasAnnotation(DisallowConcurrentExecution.class);
        assertThat(TickJobs.RunnerJob.class.getAnnotation(DisallowConcurrentExecution.class)).isNull();
    }

    private static RandomDelay delay(long minSeconds, long maxSeconds) {
        return new RandomDelay(Duration.ofSeconds(minSeconds), Duration.ofSeconds(maxSeconds));
    }
}
