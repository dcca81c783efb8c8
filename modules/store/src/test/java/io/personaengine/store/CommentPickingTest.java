package io.personaengine.store;

import static io.personaengine.store.jooq.Tables.PERSONA_TASKS;
import static org.assertj.core.api.Assertions.assertThat;

import io.personaengine.core.content.Usage;
import io.personaengine.core.picker.PickerSettings;
import io.personaengine.core.picker.RandomDelay;
import io.personaengine.core.picker.TaskPicker;
import io.personaengine.core.task.ClaimedTask;
import io.personaengine.core.task.Effect;
import io.personaengine.store.testing.TestDatabaseExtension;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Picker rule 1 against real PostgreSQL: the queries and the picker together. */
class CommentPickingTest {

    @RegisterExtension
    static final TestDatabaseExtension db = new TestDatabaseExtension();

    private ForumFixture forum;
    private JooqTaskStore store;
    private JooqForum activity;

    @BeforeEach
    void setUp() {
        forum = new ForumFixture(db.dataSource());
        forum.dsl.execute("TRUNCATE persona_tasks, persona_memory, comments, posts, personas RESTART IDENTITY CASCADE");
        store = new JooqTaskStore(forum.dsl);
        activity = new JooqForum(forum.dsl);
    }

    private TaskPicker picker(int commentsPerPost, int hourlyLimit) {
        PickerSettings settings = new PickerSettings(commentsPerPost, hourlyLimit, 3, 200, Duration.ofHours(24),
                new RandomDelay(Duration.ofMinutes(15), Duration.ofHours(2)));
        return new TaskPicker(activity, store, settings, new SplittableRandom(7));
    }

    @Test
    void aFreshPostGetsCommentTasksFromDistinctMatchingPersonas() {
        long ana = forum.persona("ana", "cooking");
        long ben = forum.persona("ben", "baking");
        long cy = forum.persona("cy", "cooking", "baking");
        forum.persona("gus", "gardening");
        long post = forum.post("eggs", "cooking");

        int queued = picker(3, 6).pickOnce();

        assertThat(queued).isEqualTo(3);
        assertThat(forum.dsl.select(PERSONA_TASKS.PERSONA_ID).from(PERSONA_TASKS).fetch(PERSONA_TASKS.PERSONA_ID))
                .containsExactlyInAnyOrder(ana, ben, cy);
        assertThat(forum.dsl.fetchCount(PERSONA_TASKS, PERSONA_TASKS.POST_ID.eq(post)
                .and(PERSONA_TASKS.TASK_TYPE.eq("COMMENT"))
                .and(PERSONA_TASKS.SCHEDULED_AT.between(
                        org.jooq.impl.DSL.field("now() + interval '15 minutes' - interval '1 second'",
                                java.time.OffsetDateTime.class),
                        org.jooq.impl.DSL.field("now() + interval '2 hours'", java.time.OffsetDateTime.class)))))
                .isEqualTo(3);
    }

    @Test
    void aSecondPickAddsNothingWhileTasksAreOpen() {
        forum.persona("ana", "cooking");
        forum.persona("ben", "cooking");
        forum.post("eggs", "cooking");

        assertThat(picker(3, 6).pickOnce()).isEqualTo(2);
        assertThat(picker(3, 6).pickOnce()).isZero();
    }

    @Test
    void thePostsAuthorNeverCommentsOnItsOwnPost() {
        long ana = forum.persona("ana", "cooking");
        long anaUser = forum.dsl.select(io.personaengine.store.jooq.Tables.PERSONAS.USER_ID)
                .from(io.personaengine.store.jooq.Tables.PERSONAS)
                .where(io.personaengine.store.jooq.Tables.PERSONAS.ID.eq(ana)).fetchSingle().value1();
        forum.admin.post(forum.boardId, anaUser, "my own post", "body", java.util.List.of("cooking"));

        assertThat(picker(3, 6).pickOnce()).isZero();
    }

    @Test
    void postsOlderThanTheWindowAndPersonasWhoAlreadyCommentedAreLeftAlone() {
        long ana = forum.persona("ana", "cooking");
        long ben = forum.persona("ben", "cooking");
        long old = forum.post("old news", "cooking");
        forum.age("posts", "created_at", old, 25 * 3600);
        long post = forum.post("eggs", "cooking");
        store.schedule(java.util.List.of(io.personaengine.core.task.NewTask.comment(ana, post, Duration.ZERO, 3)));
        ClaimedTask done = store.claimDue("node", 1, Duration.ofMinutes(1)).get(0);
        store.complete(done, new Effect.PublishComment(post, null, "nice"), Usage.NONE);

        int queued = picker(3, 6).pickOnce();

        assertThat(queued).isEqualTo(1);
        assertThat(forum.dsl.select(PERSONA_TASKS.PERSONA_ID).from(PERSONA_TASKS)
                .where(PERSONA_TASKS.STATUS.eq("PENDING")).fetch(PERSONA_TASKS.PERSONA_ID)).containsExactly(ben);
    }

    @Test
    void aPersonaAtItsHourlyLimitIsNotGivenMoreWork() {
        forum.persona("ana", "cooking");
        for (int i = 0; i < 5; i++) {
            forum.post("post " + i, "cooking");
        }

        int queued = picker(3, 2).pickOnce();

        // one persona allowed two actions an hour: five posts want it, it gets two
        assertThat(queued).isEqualTo(2);
        assertThat(picker(3, 2).pickOnce()).as("tasks due within the hour count against the limit").isLessThanOrEqualTo(2);
        assertThat(activity.hourlyLoad().values()).allSatisfy(load -> assertThat(load).isLessThanOrEqualTo(2));
    }
}
