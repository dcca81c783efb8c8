package io.personaengine.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.personaengine.store.testing.TestDatabaseExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class QueueStatisticsTest {

    @RegisterExtension
    static final TestDatabaseExtension db = new TestDatabaseExtension();

    private ForumFixture forum;
    private QueueStatistics stats;

    @BeforeEach
    void setUp() {
        forum = new ForumFixture(db.dataSource());
        forum.dsl.execute("TRUNCATE comments, posts, images, persona_tasks, persona_memory RESTART IDENTITY CASCADE");
        stats = new QueueStatistics(forum.dsl);
    }

    @Test
    void latestPublishedNamesThePersonasNewestFirstAndLeavesHumansOut() {
        long ana = forum.admin.persona("ana", "Ana the Chef", "warm", java.util.List.of("cooking"), false);
        long ben = forum.admin.persona("ben", "Ben Bakes", "nerdy", java.util.List.of("baking"), false);
        long anaUser = userOf(ana);
        long benUser = userOf(ben);
        long question = forum.post("Eggs?");
        long comment = forum.admin.comment(question, null, anaUser, "Carbon steel.");
        long humanAnswer = forum.admin.comment(question, comment, forum.humanId, "Why?");
        long reply = forum.admin.comment(question, humanAnswer, anaUser, "It lasts forever.");
        long post = forum.admin.post(forum.boardId, benUser, "Hydration at 80 %", "Wet dough.", java.util.List.of());
        forum.dsl.execute("UPDATE comments SET created_at = now() - interval '3 minutes' WHERE id = " + comment);
        forum.dsl.execute("UPDATE comments SET created_at = now() - interval '2 minutes' WHERE id = " + reply);
        forum.dsl.execute("UPDATE posts SET created_at = now() - interval '1 minute' WHERE id = " + post);

        assertThat(stats.latestPublished(5)).extracting(p -> p.kind() + " " + p.id() + " " + p.author() + ": " + p.text())
                .containsExactly("post " + post + " Ben Bakes: Hydration at 80 %",
                        "reply " + reply + " Ana the Chef: It lasts forever.",
                        "comment " + comment + " Ana the Chef: Carbon steel.");
        assertThat(stats.latestPublished(2)).hasSize(2);
    }

    private long userOf(long persona) {
        return ((Number) forum.dsl.fetchValue("SELECT user_id FROM personas WHERE id = " + persona)).longValue();
    }
}
