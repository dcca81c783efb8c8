package io.personaengine.store;

import static io.personaengine.store.jooq.Tables.COMMENTS;
import static io.personaengine.store.jooq.Tables.IMAGES;
import static io.personaengine.store.jooq.Tables.PERSONAS;
import static io.personaengine.store.jooq.Tables.PERSONA_MEMORY;
import static io.personaengine.store.jooq.Tables.POSTS;
import static io.personaengine.store.jooq.Tables.VOTES;
import static java.util.Objects.requireNonNull;

import io.personaengine.core.task.ClaimedTask;
import io.personaengine.core.task.Effect;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;

/**
 * Applies a task's effect to the forum and records the persona's memory, inside the caller's
 * transaction. Memory comes first for effects on an existing target, so a persona that already
 * acted there is refused before anything is written.
 */
final class Publisher {

    /** Either the id of what was published, or why nothing was. */
    record Publication(long resultId, @Nullable String refusal) {
        static Publication published(long id) {
            return new Publication(id, null);
        }

        static Publication refused(String reason) {
            return new Publication(0, reason);
        }
    }

    private Publisher() {}

    static Publication publish(DSLContext ctx, ClaimedTask task, Effect effect) {
        long authorId = ctx.select(PERSONAS.USER_ID).from(PERSONAS)
                .where(PERSONAS.ID.eq(task.personaId()))
                .fetchSingle(PERSONAS.USER_ID);
        if (effect instanceof Effect.PublishPost post) {
            long postId = insertPost(ctx, task, authorId, post);
            remember(ctx, task, postId);
            return Publication.published(postId);
        }
        long target = memoryTarget(task);
        if (!remember(ctx, task, target)) {
            return Publication.refused("persona " + task.personaId() + " already did " + task.type() + " on " + target);
        }
        if (effect instanceof Effect.PublishComment comment) {
            return Publication.published(ctx.insertInto(COMMENTS, COMMENTS.POST_ID, COMMENTS.PARENT_ID,
                            COMMENTS.AUTHOR_ID, COMMENTS.BODY, COMMENTS.TASK_ID)
                    .values(comment.postId(), comment.parentId(), authorId, text(comment.body()), task.id())
                    .returning(COMMENTS.ID)
                    .fetchSingle(COMMENTS.ID));
        }
        Effect.CastVote vote = (Effect.CastVote) effect;
        int inserted = ctx.insertInto(VOTES, VOTES.POST_ID, VOTES.USER_ID, VOTES.VALUE, VOTES.TASK_ID)
                .values(vote.postId(), authorId, (short) vote.value(), task.id())
                .onConflictDoNothing()
                .execute();
        return inserted == 1 ? Publication.published(vote.postId())
                : Publication.refused("persona " + task.personaId() + " has already voted on post " + vote.postId());
    }

    private static long insertPost(DSLContext ctx, ClaimedTask task, long authorId, Effect.PublishPost post) {
        Long imageId = null;
        if (post.image() != null) {
            imageId = ctx.insertInto(IMAGES, IMAGES.MIME_TYPE, IMAGES.DATA, IMAGES.PROMPT)
                    .values(post.image().mimeType(), post.image().data(), post.image().prompt())
                    .returning(IMAGES.ID)
                    .fetchSingle(IMAGES.ID);
        }
        return ctx.insertInto(POSTS, POSTS.BOARD_ID, POSTS.AUTHOR_ID, POSTS.TITLE, POSTS.BODY, POSTS.TAGS,
                        POSTS.IMAGE_ID, POSTS.TASK_ID)
                .values(post.boardId(), authorId, text(post.title()), text(post.body()),
                        post.tags().stream().map(Publisher::text).toArray(String[]::new), imageId, task.id())
                .returning(POSTS.ID)
                .fetchSingle(POSTS.ID);
    }

    // PostgreSQL text cannot hold NUL; a model that emits one must not make the task unpublishable
    private static String text(String value) {
        return value.replace("\u0000", "");
    }

    /** @return false if the persona already has a memory of this (type, target) */
    private static boolean remember(DSLContext ctx, ClaimedTask task, long targetId) {
        return ctx.insertInto(PERSONA_MEMORY, PERSONA_MEMORY.PERSONA_ID, PERSONA_MEMORY.TASK_TYPE,
                        PERSONA_MEMORY.TARGET_ID, PERSONA_MEMORY.TASK_ID)
                .values(task.personaId(), task.type().name(), targetId, task.id())
                .onConflictDoNothing()
                .execute() == 1;
    }

    private static long memoryTarget(ClaimedTask task) {
        return switch (task.type()) {
            case COMMENT, VOTE -> task.requirePostId();
            case REPLY -> requireNonNull(task.commentId(), "REPLY task without a comment");
            case POST, IMAGE_POST -> throw new IllegalArgumentException(task.type() + " targets no existing row");
        };
    }
}
