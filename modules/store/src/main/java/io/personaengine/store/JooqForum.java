package io.personaengine.store;

import static io.personaengine.store.jooq.Tables.BOARDS;
import static io.personaengine.store.jooq.Tables.COMMENTS;
import static io.personaengine.store.jooq.Tables.PERSONAS;
import static io.personaengine.store.jooq.Tables.POSTS;
import static io.personaengine.store.jooq.Tables.USERS;
import static java.util.Objects.requireNonNull;

import io.personaengine.core.forum.Board;
import io.personaengine.core.forum.Comment;
import io.personaengine.core.forum.ForumReader;
import io.personaengine.core.forum.Persona;
import io.personaengine.core.forum.Post;
import io.personaengine.core.picker.CommentCandidate;
import io.personaengine.core.picker.ForumActivity;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jspecify.annotations.Nullable;

/** Reads the forum for the picker and the handlers. Every picker query is bounded by a recent window. */
public final class JooqForum implements ForumReader, ForumActivity {

    private final DSLContext dsl;

    public JooqForum(DSLContext dsl) {
        this.dsl = requireNonNull(dsl, "dsl");
    }

    @Override
    public Optional<Persona> persona(long personaId) {
        return dsl.select(PERSONAS.asterisk(), USERS.HANDLE)
                .from(PERSONAS).join(USERS).on(USERS.ID.eq(PERSONAS.USER_ID))
                .where(PERSONAS.ID.eq(personaId))
                .fetchOptional(JooqForum::toPersona);
    }

    @Override
    public Optional<Post> post(long postId) {
        return dsl.select(POSTS.asterisk(), BOARDS.NAME, USERS.HANDLE)
                .from(POSTS)
                .join(BOARDS).on(BOARDS.ID.eq(POSTS.BOARD_ID))
                .join(USERS).on(USERS.ID.eq(POSTS.AUTHOR_ID))
                .where(POSTS.ID.eq(postId))
                .fetchOptional(r -> new Post(r.get(POSTS.ID), r.get(POSTS.BOARD_ID), r.get(BOARDS.NAME),
                        r.get(POSTS.AUTHOR_ID), r.get(USERS.HANDLE), r.get(POSTS.TITLE), r.get(POSTS.BODY),
                        list(r.get(POSTS.TAGS)), r.get(POSTS.CREATED_AT).toInstant()));
    }

    @Override
    public Optional<Comment> comment(long commentId) {
        return dsl.select(COMMENTS.asterisk(), USERS.HANDLE)
                .from(COMMENTS).join(USERS).on(USERS.ID.eq(COMMENTS.AUTHOR_ID))
                .where(COMMENTS.ID.eq(commentId))
                .fetchOptional(JooqForum::toComment);
    }

    @Override
    public List<Comment> thread(long postId, int limit) {
        List<Comment> latest = dsl.select(COMMENTS.asterisk(), USERS.HANDLE)
                .from(COMMENTS).join(USERS).on(USERS.ID.eq(COMMENTS.AUTHOR_ID))
                .where(COMMENTS.POST_ID.eq(postId))
                .orderBy(COMMENTS.CREATED_AT.desc(), COMMENTS.ID.desc())
                .limit(limit)
                .fetch(JooqForum::toComment);
        List<Comment> oldestFirst = new java.util.ArrayList<>(latest);
        java.util.Collections.reverse(oldestFirst);
        return oldestFirst;
    }

    @Override
    public Optional<Board> board(long boardId) {
        return dsl.selectFrom(BOARDS).where(BOARDS.ID.eq(boardId))
                .fetchOptional(r -> new Board(r.getId(), r.getSlug(), r.getName(), list(r.getTags())));
    }

    @Override
    public List<Persona> activePersonas() {
        return dsl.select(PERSONAS.asterisk(), USERS.HANDLE)
                .from(PERSONAS).join(USERS).on(USERS.ID.eq(PERSONAS.USER_ID))
                .where(PERSONAS.ACTIVE.isTrue())
                .orderBy(PERSONAS.ID)
                .fetch(JooqForum::toPersona);
    }

    // Engaged = remembered (published) or holding an open COMMENT task; both lookups are indexed by
    // target, and the scan is bounded by posts_created_at_ix to the recent window.
    private static final String POSTS_NEEDING_COMMENTS = """
            SELECT p.id, p.board_id, p.author_id, b.tags AS board_tags, p.tags AS post_tags, e.engaged
            FROM posts p
            JOIN boards b ON b.id = p.board_id
            CROSS JOIN LATERAL (
                SELECT array(
                    SELECT m.persona_id FROM persona_memory m
                     WHERE m.task_type = 'COMMENT' AND m.target_id = p.id
                    UNION
                    SELECT t.persona_id FROM persona_tasks t
                     WHERE t.task_type = 'COMMENT' AND t.target_key = p.id AND t.status IN ('PENDING', 'RUNNING')
                ) AS engaged
            ) e
            WHERE p.created_at > now() - {0} * interval '1 millisecond'
              AND cardinality(e.engaged) < {1}
            ORDER BY p.created_at, p.id
            LIMIT {2}
            """;

    @Override
    public List<CommentCandidate> postsNeedingComments(Duration window, int commentsPerPost, int limit) {
        return dsl.resultQuery(POSTS_NEEDING_COMMENTS, window.toMillis(), commentsPerPost, limit)
                .fetch(r -> {
                    Long[] engaged = r.get("engaged", Long[].class);
                    return new CommentCandidate(r.get("id", Long.class), r.get("board_id", Long.class),
                            r.get("author_id", Long.class), list(r.get("board_tags", String[].class)),
                            list(r.get("post_tags", String[].class)), engaged.length, Set.of(engaged));
                });
    }

    private static final String HOURLY_LOAD = """
            SELECT persona_id, count(*) AS load
            FROM persona_tasks
            WHERE (status = 'DONE' AND completed_at > now() - interval '1 hour')
               OR (status IN ('PENDING', 'RUNNING') AND scheduled_at < now() + interval '1 hour')
            GROUP BY persona_id
            """;

    @Override
    public Map<Long, Integer> hourlyLoad() {
        return dsl.resultQuery(HOURLY_LOAD)
                .fetchMap(r -> r.get("persona_id", Long.class), r -> r.get("load", Integer.class));
    }

    private static Comment toComment(Record r) {
        return new Comment(r.get(COMMENTS.ID), r.get(COMMENTS.POST_ID), r.get(COMMENTS.PARENT_ID),
                r.get(COMMENTS.AUTHOR_ID), r.get(USERS.HANDLE), r.get(COMMENTS.BODY),
                r.get(COMMENTS.CREATED_AT).toInstant());
    }

    private static Persona toPersona(Record r) {
        return new Persona(r.get(PERSONAS.ID), r.get(PERSONAS.USER_ID), r.get(USERS.HANDLE),
                r.get(PERSONAS.DISPLAY_NAME), r.get(PERSONAS.STYLE), list(r.get(PERSONAS.SPECIALTIES)),
                r.get(PERSONAS.CREATIVE), r.get(PERSONAS.ACTIVE));
    }

    private static List<String> list(String @Nullable [] values) {
        return values == null ? List.of() : Arrays.asList(values);
    }
}
