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
import io.personaengine.core.picker.ReplyCandidate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.SelectOnConditionStep;
import org.jspecify.annotations.Nullable;

/** Reads the forum for the picker and the handlers. Every picker query is bounded by a recent window. */
public final class JooqForum implements ForumReader, ForumActivity {

    private final DSLContext dsl;

    public JooqForum(DSLContext dsl) {
        this.dsl = requireNonNull(dsl, "dsl");
    }

    // Every task reads its persona and most read a post: plain JDBC, since rendering the same jOOQ
    // query again for each task cost more CPU than the rest of the task's database work.
    private static final String PERSONA = """
            SELECT p.id, p.user_id, u.handle, p.display_name, p.style, p.specialties, p.creative, p.active
            FROM personas p JOIN users u ON u.id = p.user_id WHERE p.id = ?""";
    private static final String POST = """
            SELECT p.id, p.board_id, b.name, p.author_id, u.handle, p.title, p.body, p.tags, p.created_at
            FROM posts p JOIN boards b ON b.id = p.board_id JOIN users u ON u.id = p.author_id WHERE p.id = ?""";

    @Override
    public Optional<Persona> persona(long personaId) {
        List<Persona> found = new java.util.ArrayList<>(1);
        Pipeline.run(dsl, PERSONA, List.of(personaId), (index, rows) -> {
            while (rows.next()) {
                found.add(new Persona(rows.getLong(1), rows.getLong(2), rows.getString(3), rows.getString(4),
                        rows.getString(5), texts(rows.getArray(6)), rows.getBoolean(7), rows.getBoolean(8)));
            }
        });
        return found.stream().findFirst();
    }

    @Override
    public Optional<Post> post(long postId) {
        List<Post> found = new java.util.ArrayList<>(1);
        Pipeline.run(dsl, POST, List.of(postId), (index, rows) -> {
            while (rows.next()) {
                found.add(new Post(rows.getLong(1), rows.getLong(2), rows.getString(3), rows.getLong(4),
                        rows.getString(5), rows.getString(6), rows.getString(7), texts(rows.getArray(8)),
                        rows.getObject(9, java.time.OffsetDateTime.class).toInstant()));
            }
        });
        return found.stream().findFirst();
    }

    private static List<String> texts(java.sql.@Nullable Array array) throws java.sql.SQLException {
        return array == null ? List.of() : list((String[]) array.getArray());
    }

    @Override
    public Optional<Comment> comment(long commentId) {
        return commentsWithHandles()
                .where(COMMENTS.ID.eq(commentId))
                .fetchOptional(JooqForum::toComment);
    }

    @Override
    public List<Comment> thread(long postId, int limit) {
        List<Comment> latest = commentsWithHandles()
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
        return personasWithHandles()
                .where(PERSONAS.ACTIVE.isTrue())
                .orderBy(PERSONAS.ID)
                .fetch(JooqForum::toPersona);
    }

    @Override
    public List<Board> boards() {
        return dsl.selectFrom(BOARDS).orderBy(BOARDS.ID)
                .fetch(r -> new Board(r.getId(), r.getSlug(), r.getName(), list(r.getTags())));
    }

    // Engaged = remembered (published) or holding a task of that type for the post, open or finished: a
    // failed attempt counts, so a post whose tasks keep failing is not planned again on every tick. Both
    // lookups are indexed by target, and the scan is bounded by posts_created_at_ix to the recent window.
    private static final String RECENT_POSTS_WITH_ENGAGED = """
            SELECT p.id, p.board_id, p.author_id, b.tags AS board_tags, p.tags AS post_tags, e.engaged
            FROM posts p
            JOIN boards b ON b.id = p.board_id
            CROSS JOIN LATERAL (
                SELECT array(
                    SELECT m.persona_id FROM persona_memory m
                     WHERE m.task_type = ? AND m.target_id = p.id
                    UNION
                    SELECT t.persona_id FROM persona_tasks t
                     WHERE t.task_type = ? AND t.target_key = p.id
                ) AS engaged
            ) e
            WHERE p.created_at > now() - ? * interval '1 millisecond'
            """;

    @Override
    public List<CommentCandidate> postsNeedingComments(Duration window, int commentsPerPost, int limit) {
        return dsl.resultQuery(RECENT_POSTS_WITH_ENGAGED + """
                          AND cardinality(e.engaged) < ?
                        ORDER BY p.created_at, p.id
                        LIMIT ?""", "COMMENT", "COMMENT", window.toMillis(), commentsPerPost, limit)
                .fetch(JooqForum::toCandidate);
    }

    // zero persona votes cast (whoever remembers what) and none queued
    @Override
    public List<CommentCandidate> postsWithoutPersonaVotes(Duration window, int limit) {
        return dsl.resultQuery(RECENT_POSTS_WITH_ENGAGED + """
                          AND cardinality(e.engaged) = 0
                          AND NOT EXISTS (SELECT 1 FROM votes v JOIN personas pe ON pe.user_id = v.user_id
                                           WHERE v.post_id = p.id)
                        ORDER BY p.created_at, p.id
                        LIMIT ?""", "VOTE", "VOTE", window.toMillis(), limit)
                .fetch(JooqForum::toCandidate);
    }

    // Recent comments by humans (a persona answering a persona would never stop) that reply to a persona's
    // comment or contain '@handle' of an active persona, and that persona has not answered, queued or
    // tried and failed to answer.
    // The mention is found with a literal strpos here and checked for word boundaries in Java.
    private static final String COMMENTS_AWAITING_REPLY = """
            WITH recent AS (
                SELECT c.id, c.post_id, c.parent_id, c.author_id, c.body, c.created_at
                FROM comments c
                WHERE c.created_at > now() - ? * interval '1 millisecond'
                  AND NOT EXISTS (SELECT 1 FROM personas author WHERE author.user_id = c.author_id)
            ), addressed AS (
                SELECT r.id AS comment_id, r.post_id, r.author_id, r.created_at, pe.id AS persona_id,
                       NULL::text AS handle, r.body
                FROM recent r
                JOIN comments parent ON parent.id = r.parent_id
                JOIN personas pe ON pe.user_id = parent.author_id AND pe.active
                UNION ALL
                SELECT r.id, r.post_id, r.author_id, r.created_at, pe.id, u.handle, r.body
                FROM recent r
                JOIN personas pe ON pe.active
                JOIN users u ON u.id = pe.user_id
                WHERE strpos(lower(r.body), '@' || lower(u.handle)) > 0
            )
            SELECT a.comment_id, a.post_id, a.author_id, a.persona_id, a.handle, a.body
            FROM addressed a
            WHERE NOT EXISTS (SELECT 1 FROM persona_memory m
                               WHERE m.task_type = 'REPLY' AND m.target_id = a.comment_id
                                 AND m.persona_id = a.persona_id)
              AND NOT EXISTS (SELECT 1 FROM persona_tasks t
                               WHERE t.task_type = 'REPLY' AND t.target_key = a.comment_id
                                 AND t.persona_id = a.persona_id)
            ORDER BY a.created_at, a.comment_id, a.persona_id
            """;

    @Override
    public List<ReplyCandidate> commentsAwaitingReply(Duration window, int limit) {
        List<ReplyCandidate> candidates = new ArrayList<>();
        Set<List<Long>> seen = new HashSet<>();
        // no LIMIT in SQL: rows that only look like mentions (an e-mail address, a longer handle) are
        // dropped here, and must not crowd real ones out; the window bounds how many there are
        for (Record r : dsl.resultQuery(COMMENTS_AWAITING_REPLY, window.toMillis())) {
            if (candidates.size() >= limit) {
                break;
            }
            String handle = r.get("handle", String.class);
            if (handle != null && !Mentions.mentions(r.get("body", String.class), handle)) {
                continue;
            }
            long commentId = r.get("comment_id", Long.class);
            long personaId = r.get("persona_id", Long.class);
            if (seen.add(List.of(commentId, personaId))) { // replied to and mentioned: one task
                candidates.add(new ReplyCandidate(commentId, r.get("post_id", Long.class),
                        r.get("author_id", Long.class), personaId));
            }
        }
        return candidates;
    }

    private static final String PERSONA_POSTS_INCLUDING_QUEUED = """
            SELECT (SELECT count(*) FROM posts p JOIN personas pe ON pe.user_id = p.author_id
                     WHERE p.created_at > now() - ? * interval '1 millisecond')
                 + (SELECT count(*) FROM persona_tasks t
                     WHERE t.task_type IN ('POST', 'IMAGE_POST') AND t.status IN ('PENDING', 'RUNNING'))
                 -- a failed post uses up its slot for the day rather than being planned again every tick
                 + (SELECT count(*) FROM persona_tasks t
                     WHERE t.task_type IN ('POST', 'IMAGE_POST') AND t.status = 'FAILED'
                       AND t.completed_at > now() - ? * interval '1 millisecond')
            """;

    @Override
    public int personaPostsIncludingQueued(Duration window) {
        return dsl.resultQuery(PERSONA_POSTS_INCLUDING_QUEUED, window.toMillis(), window.toMillis())
                .fetchSingle().get(0, Integer.class);
    }

    private static CommentCandidate toCandidate(Record r) {
        Long[] engaged = r.get("engaged", Long[].class);
        return new CommentCandidate(r.get("id", Long.class), r.get("board_id", Long.class),
                r.get("author_id", Long.class), list(r.get("board_tags", String[].class)),
                list(r.get("post_tags", String[].class)), Set.of(engaged));
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

    private SelectOnConditionStep<Record> personasWithHandles() {
        return dsl.select(PERSONAS.asterisk(), USERS.HANDLE)
                .from(PERSONAS).join(USERS).on(USERS.ID.eq(PERSONAS.USER_ID));
    }

    private SelectOnConditionStep<Record> commentsWithHandles() {
        return dsl.select(COMMENTS.asterisk(), USERS.HANDLE)
                .from(COMMENTS).join(USERS).on(USERS.ID.eq(COMMENTS.AUTHOR_ID));
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
