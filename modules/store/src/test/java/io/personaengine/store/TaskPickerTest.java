package io.personaengine.store;

import static io.personaengine.store.jooq.Tables.PERSONA_TASKS;
import static org.assertj.core.api.Assertions.assertThat;

import io.personaengine.core.content.Usage;
import io.personaengine.core.picker.PickerSettings;
import io.personaengine.core.picker.TaskDelays;
import io.personaengine.core.picker.TaskPicker;
import io.personaengine.core.task.ClaimedTask;
import io.personaengine.core.task.Effect;
import io.personaengine.core.task.NewTask;
import io.personaengine.core.task.TaskType;
import io.personaengine.store.jooq.tables.records.PersonaTasksRecord;
import io.personaengine.store.testing.TestDatabaseExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The picker's five rules and their exclusions, against real PostgreSQL, with seeded randomness. */
class TaskPickerTest {

    @RegisterExtension
    static final TestDatabaseExtension db = new TestDatabaseExtension();

    private ForumFixture forum;
    private JooqTaskStore store;
    private JooqForum activity;

    @BeforeEach
    void setUp() {
        forum = new ForumFixture(db.dataSource());
        forum.dsl.execute("TRUNCATE persona_tasks, persona_memory, comments, votes, posts, images, personas "
                + "RESTART IDENTITY CASCADE");
        forum.dsl.execute("DELETE FROM users WHERE handle <> 'maria'");
        forum.dsl.execute("DELETE FROM boards WHERE slug <> 'kitchen'");
        store = new JooqTaskStore(forum.dsl);
        activity = new JooqForum(forum.dsl);
    }

    /** Rules 1-3 on, posts and image posts off unless a test turns them on. */
    private static PickerSettings settings() {
        return new PickerSettings(3, 0, 0, 6, 3, 200, Duration.ofHours(24), TaskDelays.defaults());
    }

    private TaskPicker picker(PickerSettings settings) {
        return new TaskPicker(activity, store, settings, new SplittableRandom(7));
    }

    private int pick() {
        return picker(settings()).pickOnce();
    }

    private List<PersonaTasksRecord> tasks(TaskType type) {
        return forum.dsl.selectFrom(PERSONA_TASKS).where(PERSONA_TASKS.TASK_TYPE.eq(type.name()))
                .orderBy(PERSONA_TASKS.ID).fetch();
    }

    private long userOf(long personaId) {
        return forum.dsl.fetchSingle("SELECT user_id FROM personas WHERE id = " + personaId).get(0, Long.class);
    }

    private long comment(long postId, Long parentId, long authorId, String body) {
        return forum.dsl.fetchSingle(
                "INSERT INTO comments (post_id, parent_id, author_id, body) VALUES (?, ?, ?, ?) RETURNING id",
                postId, parentId, authorId, body).get(0, Long.class);
    }

    /** Publishes a task of the given type for the persona at once, as the runner would. */
    private void complete(long personaId, NewTask task, Effect effect) {
        store.schedule(List.of(task));
        ClaimedTask claimed = store.claimDue("test", 1, Duration.ofMinutes(1)).tasks().get(0);
        assertThat(claimed.personaId()).isEqualTo(personaId);
        store.complete(claimed, effect, Usage.NONE);
    }

    @Nested
    class Comments {

        @Test
        void aFreshPostGetsCommentTasksFromDistinctMatchingPersonasAfterACommentDelay() {
            long ana = forum.persona("ana", "cooking");
            long ben = forum.persona("ben", "baking");
            long cy = forum.persona("cy", "cooking", "baking");
            forum.persona("gus", "gardening");
            long post = forum.post("eggs", "cooking");

            pick();

            assertThat(tasks(TaskType.COMMENT)).extracting(PersonaTasksRecord::getPersonaId)
                    .containsExactlyInAnyOrder(ana, ben, cy);
            assertThat(tasks(TaskType.COMMENT)).allSatisfy(t -> assertThat(t.getPostId()).isEqualTo(post));
            assertThat(forum.dsl.fetchCount(PERSONA_TASKS, PERSONA_TASKS.TASK_TYPE.eq("COMMENT")
                    .and(PERSONA_TASKS.SCHEDULED_AT.between(
                            DSL.field("now() + interval '15 minutes' - interval '1 second'", java.time.OffsetDateTime.class),
                            DSL.field("now() + interval '2 hours'", java.time.OffsetDateTime.class)))))
                    .isEqualTo(3);
        }

        @Test
        void aSecondPickAddsNothingWhileTasksAreOpen() {
            forum.persona("ana", "cooking");
            forum.persona("ben", "cooking");
            forum.post("eggs", "cooking");

            pick();
            int comments = tasks(TaskType.COMMENT).size();
            pick();

            assertThat(comments).isEqualTo(2);
            assertThat(tasks(TaskType.COMMENT)).hasSize(2);
        }

        @Test
        void thePostsAuthorNeverCommentsOnItsOwnPost() {
            long ana = forum.persona("ana", "cooking");
            forum.admin.post(forum.boardId, userOf(ana), "my own post", "body", List.of("cooking"));

            pick();

            assertThat(tasks(TaskType.COMMENT)).isEmpty();
        }

        @Test
        void postsOlderThanTheWindowAndPersonasWhoAlreadyCommentedAreLeftAlone() {
            long ana = forum.persona("ana", "cooking");
            long ben = forum.persona("ben", "cooking");
            long old = forum.post("old news", "cooking");
            forum.age("posts", "created_at", old, 25 * 3600);
            long post = forum.post("eggs", "cooking");
            complete(ana, NewTask.comment(ana, post, Duration.ZERO, 3), new Effect.PublishComment(post, null, "nice"));

            pick();

            assertThat(tasks(TaskType.COMMENT)).filteredOn(t -> t.getStatus().equals("PENDING"))
                    .extracting(PersonaTasksRecord::getPersonaId).containsExactly(ben);
        }

        @Test
        void anInactivePersonaIsNeverChosen() {
            long ana = forum.persona("ana", "cooking");
            forum.admin.setPersonaActive(ana, false);
            forum.post("eggs", "cooking");

            assertThat(pick()).isZero();
        }

        @Test
        void aPersonaAtItsHourlyLimitIsNotGivenMoreWork() {
            forum.persona("ana", "cooking");
            for (int i = 0; i < 5; i++) {
                forum.post("post " + i, "cooking");
            }

            int queued = picker(new PickerSettings(3, 0, 0, 2, 3, 200, Duration.ofHours(24), TaskDelays.defaults()))
                    .pickOnce();

            assertThat(queued).as("one persona allowed two actions an hour: five posts want it").isEqualTo(2);
        }
    }

    @Nested
    class Replies {

        @Test
        void aHumanMentioningAPersonaGetsAReplyFromThatPersonaToThatComment() {
            long ana = forum.persona("ana", "gardening");
            long post = forum.post("eggs", "cooking");
            long mention = comment(post, null, forum.humanId, "What would @ana say?");

            pick();

            assertThat(tasks(TaskType.REPLY)).singleElement().satisfies(t -> {
                assertThat(t.getPersonaId()).isEqualTo(ana);
                assertThat(t.getCommentId()).isEqualTo(mention);
                assertThat(t.getPostId()).isEqualTo(post);
            });
        }

        @Test
        void aHumanReplyingToAPersonasCommentGetsAnAnswerOnceEvenIfItAlsoMentionsIt() {
            long ana = forum.persona("ana", "cooking");
            long post = forum.post("eggs", "cooking");
            long anas = comment(post, null, userOf(ana), "Carbon steel.");
            long answer = comment(post, anas, forum.humanId, "@ana why not cast iron?");

            pick();
            pick();

            assertThat(tasks(TaskType.REPLY)).singleElement()
                    .satisfies(t -> assertThat(t.getCommentId()).isEqualTo(answer));
        }

        @Test
        void unknownHandlesLongerHandlesAndEmailAddressesAreNotMentions() {
            forum.persona("ana", "gardening");
            long post = forum.post("eggs", "cooking");
            comment(post, null, forum.humanId, "Ask @anabel or @nobody, or mail me at maria@ana.example");

            pick();

            assertThat(tasks(TaskType.REPLY)).isEmpty();
        }

        @Test
        void lookalikeMentionsDoNotCrowdOutARealOneWhenTheTickIsNearlyFull() {
            long ana = forum.persona("ana", "gardening");
            long post = forum.post("eggs", "cooking");
            for (int i = 0; i < 5; i++) {
                comment(post, null, forum.humanId, "mail me at maria" + i + "@ana.example or ask @anabel");
            }
            long real = comment(post, null, forum.humanId, "and what does @ana think?");
            PickerSettings smallTick = new PickerSettings(0, 0, 0, 6, 3, 2, Duration.ofHours(24),
                    TaskDelays.defaults());

            picker(smallTick).pickOnce();

            assertThat(tasks(TaskType.REPLY)).singleElement().satisfies(t -> {
                assertThat(t.getPersonaId()).isEqualTo(ana);
                assertThat(t.getCommentId()).isEqualTo(real);
            });
        }

        @Test
        void personasDoNotAnswerPersonasOrThemselves() {
            long ana = forum.persona("ana", "gardening");
            long ben = forum.persona("ben", "gardening");
            long post = forum.post("eggs", "cooking");
            long anas = comment(post, null, userOf(ana), "I am @ana, hello @ben");
            comment(post, anas, userOf(ben), "@ana hi!");

            pick();

            assertThat(tasks(TaskType.REPLY)).isEmpty();
        }

        @Test
        void aCommentAlreadyAnsweredOrOutsideTheWindowGetsNoReply() {
            long ana = forum.persona("ana", "gardening");
            long post = forum.post("eggs", "cooking");
            long answered = comment(post, null, forum.humanId, "@ana?");
            long old = comment(post, null, forum.humanId, "@ana, long ago");
            forum.age("comments", "created_at", old, 25 * 3600);
            complete(ana, new NewTask(ana, TaskType.REPLY, post, answered, null, Duration.ZERO, 3),
                    new Effect.PublishComment(post, answered, "here"));

            pick();

            assertThat(tasks(TaskType.REPLY)).hasSize(1).allSatisfy(t -> assertThat(t.getStatus()).isEqualTo("DONE"));
        }
    }

    @Nested
    class Votes {

        @Test
        void aRecentPostWithoutPersonaVotesGetsOneVoteTask() {
            long ana = forum.persona("ana", "cooking");
            long post = forum.post("eggs", "cooking");

            pick();
            pick();

            assertThat(tasks(TaskType.VOTE)).singleElement().satisfies(t -> {
                assertThat(t.getPersonaId()).isEqualTo(ana);
                assertThat(t.getPostId()).isEqualTo(post);
            });
        }

        @Test
        void aPostWithAPersonaVoteGetsNoMoreButHumanVotesDoNotCount() {
            long ana = forum.persona("ana", "cooking");
            long voted = forum.post("voted", "cooking");
            long humanVoted = forum.post("human voted", "cooking");
            forum.dsl.execute("INSERT INTO votes (post_id, user_id, value) VALUES (?, ?, 1), (?, ?, 1)",
                    voted, userOf(ana), humanVoted, forum.humanId);

            pick();

            assertThat(tasks(TaskType.VOTE)).extracting(PersonaTasksRecord::getPostId).containsExactly(humanVoted);
        }
    }

    @Nested
    class Posts {

        private PickerSettings postsPerDay(int posts, int imageOneIn) {
            return new PickerSettings(0, posts, imageOneIn, 6, 3, 200, Duration.ofHours(24), TaskDelays.defaults());
        }

        @Test
        void personaPostsPlusQueuedOnesAreToppedUpToPostsPerDayOnBoardsThatFit() {
            long garden = forum.admin.board("garden", "Garden", List.of("gardening"));
            long ana = forum.persona("ana", "cooking");
            long gus = forum.persona("gus", "gardening");
            forum.persona("vague");
            forum.admin.post(forum.boardId, userOf(ana), "ana posted", "body", List.of());

            picker(postsPerDay(3, 0)).pickOnce();
            picker(postsPerDay(3, 0)).pickOnce();

            assertThat(tasks(TaskType.POST)).hasSize(2)
                    .anySatisfy(t -> assertThat(List.of(t.getPersonaId(), t.getBoardId())).containsExactly(ana, forum.boardId))
                    .anySatisfy(t -> assertThat(List.of(t.getPersonaId(), t.getBoardId())).containsExactly(gus, garden));
        }

        @Test
        void anImagePostGoesToACreativePersonaOnTheTicksThatDrawIt() {
            forum.persona("ana", "cooking");
            long artist = forum.admin.persona("pia", "Pia", "sketches", List.of("baking"), true);

            picker(postsPerDay(0, 1)).pickOnce();
            picker(postsPerDay(0, 0)).pickOnce();

            assertThat(tasks(TaskType.IMAGE_POST)).singleElement().satisfies(t -> {
                assertThat(t.getPersonaId()).isEqualTo(artist);
                assertThat(t.getBoardId()).isEqualTo(forum.boardId);
            });
        }

        @Test
        void aboutOneTickInNDrawsAnImagePost() {
            forum.admin.persona("pia", "Pia", "sketches", List.of("baking"), true);
            TaskPicker picker = picker(postsPerDay(0, 4));
            int draws = 0;
            for (int i = 0; i < 400; i++) {
                if (picker.pickOnce() == 1) {
                    draws++;
                    forum.dsl.execute("DELETE FROM persona_tasks");
                }
            }
            assertThat(draws).isBetween(70, 130);
        }
    }

    @Nested
    class Bounds {

        @Test
        void aFloodIsCutToTheTickCapAndTheRestWaitsForTheNextTick() {
            for (int i = 0; i < 6; i++) {
                forum.persona("p" + i, "cooking");
            }
            for (int i = 0; i < 20; i++) {
                forum.post("post " + i, "cooking");
            }
            PickerSettings capped = new PickerSettings(3, 0, 0, 100, 3, 25, Duration.ofHours(24), TaskDelays.defaults());

            assertThat(picker(capped).pickOnce()).isEqualTo(25);
            assertThat(picker(capped).pickOnce()).isEqualTo(25);
            assertThat(forum.dsl.fetchCount(PERSONA_TASKS)).isEqualTo(50);
        }

        @Test
        void twoPicksRunningAtOnceNeverQueueTheSameTaskTwice() throws Exception {
            for (int i = 0; i < 8; i++) {
                forum.persona("p" + i, "cooking");
            }
            for (int i = 0; i < 40; i++) {
                forum.post("post " + i, "cooking");
            }
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<Integer>> picks = new ArrayList<>();
                // same seed: both picks plan the very same tasks, the worst case for duplicates
                for (int i = 0; i < 2; i++) {
                    TaskPicker picker = new TaskPicker(activity, store, settings(), new SplittableRandom(11));
                    Callable<Integer> pick = picker::pickOnce;
                    picks.add(pool.submit(pick));
                }
                for (Future<Integer> f : picks) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }

            assertThat(forum.dsl.fetchCount(DSL.selectFrom(PERSONA_TASKS.as("t"))
                    .where("EXISTS (SELECT 1 FROM persona_tasks u WHERE u.id <> t.id AND u.persona_id = t.persona_id "
                            + "AND u.task_type = t.task_type AND u.target_key = t.target_key)")))
                    .isZero();
            assertThat(forum.dsl.fetchCount(PERSONA_TASKS)).as("both picks planned work").isGreaterThan(40);
        }
    }

    @Nested
    class FailedAttempts {

        private void failOnce(NewTask task) {
            store.schedule(List.of(task));
            ClaimedTask claimed = store.claimDue("test", 1, Duration.ofMinutes(1)).tasks().get(0);
            store.fail(claimed, "REFUSED: HTTP 400", Usage.NONE);
        }

        @Test
        void aFailedVoteOrReplyIsNotPlannedAgainOnEveryTick() {
            long ana = forum.persona("ana", "cooking");
            long post = forum.post("eggs", "cooking");
            long mention = comment(post, null, forum.humanId, "@ana?");
            failOnce(new NewTask(ana, TaskType.VOTE, post, null, null, Duration.ZERO, 3));
            failOnce(new NewTask(ana, TaskType.REPLY, post, mention, null, Duration.ZERO, 3));

            pick();

            assertThat(tasks(TaskType.VOTE)).hasSize(1);
            assertThat(tasks(TaskType.REPLY)).hasSize(1);
        }

        @Test
        void aPersonaWhoseCommentFailedIsNotAskedAgainButAnotherOneIs() {
            long ana = forum.persona("ana", "cooking");
            long ben = forum.persona("ben", "cooking");
            long post = forum.post("eggs", "cooking");
            failOnce(NewTask.comment(ana, post, Duration.ZERO, 3));

            pick();

            assertThat(tasks(TaskType.COMMENT)).filteredOn(t -> t.getStatus().equals("PENDING"))
                    .extracting(PersonaTasksRecord::getPersonaId).containsExactly(ben);
        }

        @Test
        void aFailedPostUsesUpItsSlotForTheDay() {
            long ana = forum.persona("ana", "cooking");
            failOnce(new NewTask(ana, TaskType.POST, null, null, forum.boardId, Duration.ZERO, 3));

            picker(new PickerSettings(0, 1, 0, 6, 3, 200, Duration.ofHours(24), TaskDelays.defaults())).pickOnce();

            assertThat(tasks(TaskType.POST)).hasSize(1);
        }
    }

    @Nested
    class OddData {

        @Test
        void aPostWithoutTagsIsMatchedByItsBoard() {
            long ana = forum.persona("ana", "baking");
            forum.post("untagged");

            pick();

            assertThat(tasks(TaskType.COMMENT)).extracting(PersonaTasksRecord::getPersonaId).containsExactly(ana);
        }

        @Test
        void aBoardNoPersonaFitsPersonasWithoutSpecialtiesAndNoActivePersonasQueueNothing() {
            long odd = forum.admin.board("odd", "Odd", List.of("knitting"));
            forum.admin.post(odd, forum.humanId, "yarn", "body", List.of());
            long vague = forum.persona("vague");

            assertThat(picker(new PickerSettings(3, 5, 1, 6, 3, 200, Duration.ofHours(24), TaskDelays.defaults()))
                    .pickOnce()).isZero();
            forum.admin.setPersonaActive(vague, false);
            assertThat(pick()).isZero();
        }

        @Test
        void hugeBodiesAndDeletedPostsDoNotBreakTheTick() {
            forum.persona("ana", "cooking");
            forum.admin.post(forum.boardId, forum.humanId, "huge", "x".repeat(2_000_000), List.of("cooking"));
            long gone = forum.post("gone", "cooking");
            comment(gone, null, forum.humanId, "@ana look");
            forum.admin.deletePost(gone);

            pick();

            assertThat(tasks(TaskType.COMMENT)).hasSize(1);
            assertThat(tasks(TaskType.REPLY)).isEmpty();
        }

        @Test
        void weirdTagsAndHandlesAreMatchedLiterally() {
            long odd = forum.admin.persona("a.b*c", "Odd", "odd", List.of(" Cooking "), false);
            long post = forum.post("eggs", "COOKING", "");
            comment(post, null, forum.humanId, "Hey @a.b*c, thoughts? and @a.bbc");

            pick();

            assertThat(tasks(TaskType.COMMENT)).extracting(PersonaTasksRecord::getPersonaId).containsExactly(odd);
            assertThat(tasks(TaskType.REPLY)).extracting(PersonaTasksRecord::getPersonaId).containsExactly(odd);
        }
    }
}
