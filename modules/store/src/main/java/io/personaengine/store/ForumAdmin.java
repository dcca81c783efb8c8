package io.personaengine.store;

import static io.personaengine.store.jooq.Tables.BOARDS;
import static io.personaengine.store.jooq.Tables.COMMENTS;
import static io.personaengine.store.jooq.Tables.PERSONAS;
import static io.personaengine.store.jooq.Tables.POSTS;
import static io.personaengine.store.jooq.Tables.USERS;
import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;

/**
 * Writes forum content the way the forum itself would: boards, users, personas and human posts.
 * Used by the demo's seed and by tests; the engine publishes only through the task store.
 * Creating something that exists by its natural key (slug, handle) returns the existing id.
 */
public final class ForumAdmin {

    private final DSLContext dsl;

    public ForumAdmin(DSLContext dsl) {
        this.dsl = requireNonNull(dsl, "dsl");
    }

    public long board(String slug, String name, List<String> tags) {
        dsl.insertInto(BOARDS, BOARDS.SLUG, BOARDS.NAME, BOARDS.TAGS)
                .values(slug, name, tags.toArray(String[]::new))
                .onConflict(BOARDS.SLUG).doNothing()
                .execute();
        return dsl.select(BOARDS.ID).from(BOARDS).where(BOARDS.SLUG.eq(slug)).fetchSingle(BOARDS.ID);
    }

    public long user(String handle) {
        dsl.insertInto(USERS, USERS.HANDLE).values(handle).onConflict(USERS.HANDLE).doNothing().execute();
        return dsl.select(USERS.ID).from(USERS).where(USERS.HANDLE.eq(handle)).fetchSingle(USERS.ID);
    }

    /** A persona with a user of its own named {@code handle}. */
    public long persona(String handle, String displayName, String style, List<String> specialties, boolean creative) {
        long userId = user(handle);
        dsl.insertInto(PERSONAS, PERSONAS.USER_ID, PERSONAS.DISPLAY_NAME, PERSONAS.STYLE, PERSONAS.SPECIALTIES,
                        PERSONAS.CREATIVE)
                .values(userId, displayName, style, specialties.toArray(String[]::new), creative)
                .onConflict(PERSONAS.USER_ID).doNothing()
                .execute();
        return dsl.select(PERSONAS.ID).from(PERSONAS).where(PERSONAS.USER_ID.eq(userId)).fetchSingle(PERSONAS.ID);
    }

    public void setPersonaActive(long personaId, boolean active) {
        dsl.update(PERSONAS).set(PERSONAS.ACTIVE, active).where(PERSONAS.ID.eq(personaId)).execute();
    }

    public long post(long boardId, long authorId, String title, String body, List<String> tags) {
        return dsl.insertInto(POSTS, POSTS.BOARD_ID, POSTS.AUTHOR_ID, POSTS.TITLE, POSTS.BODY, POSTS.TAGS)
                .values(boardId, authorId, title, body, tags.toArray(String[]::new))
                .returning(POSTS.ID)
                .fetchSingle(POSTS.ID);
    }

    public long comment(long postId, @Nullable Long parentId, long authorId, String body) {
        return dsl.insertInto(COMMENTS, COMMENTS.POST_ID, COMMENTS.PARENT_ID, COMMENTS.AUTHOR_ID, COMMENTS.BODY)
                .values(postId, parentId, authorId, body)
                .returning(COMMENTS.ID)
                .fetchSingle(COMMENTS.ID);
    }

    /** The newest comment written by a persona, as (comment id, post id), if any. */
    public Optional<long[]> latestPersonaComment() {
        return dsl.select(COMMENTS.ID, COMMENTS.POST_ID)
                .from(COMMENTS).join(PERSONAS).on(PERSONAS.USER_ID.eq(COMMENTS.AUTHOR_ID))
                .orderBy(COMMENTS.ID.desc())
                .limit(1)
                .fetchOptional(r -> new long[] {r.value1(), r.value2()});
    }

    /** The newest post, if any. */
    public Optional<Long> latestPost() {
        return dsl.select(POSTS.ID).from(POSTS).orderBy(POSTS.ID.desc()).limit(1).fetchOptional(POSTS.ID);
    }

    public void deletePost(long postId) {
        dsl.deleteFrom(POSTS).where(POSTS.ID.eq(postId)).execute();
    }
}
