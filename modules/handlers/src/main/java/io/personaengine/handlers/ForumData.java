package io.personaengine.handlers;

import io.personaengine.core.forum.Board;
import io.personaengine.core.forum.Comment;
import io.personaengine.core.forum.Persona;
import io.personaengine.core.forum.Post;
import java.util.ArrayList;
import java.util.List;

/**
 * Forum content as it enters prompts: every post, comment, thread and board goes into a labelled
 * {@link UntrustedText} block, bounded in size, so none of it can pass for an instruction.
 */
final class ForumData {

    static final int MAX_POST_CHARS = 6_000;
    static final int MAX_COMMENT_CHARS = 1_500;
    static final int MAX_THREAD_CHARS = 8_000;

    private ForumData() {}

    static String post(DataMarkers markers, Post post) {
        return markers.block("post",
                "Board: " + post.boardName() + "\nAuthor: @" + post.authorHandle() + "\nTitle: " + post.title()
                        + "\nTags: " + String.join(", ", post.tags()) + "\n\n" + post.body(),
                MAX_POST_CHARS);
    }

    static String board(DataMarkers markers, Board board) {
        return markers.block("board",
                "Name: " + board.name() + "\nSlug: " + board.slug() + "\nTopics: " + String.join(", ", board.tags()),
                1_000);
    }

    /** One comment on its own, such as the one a reply answers. */
    static String comment(DataMarkers markers, String label, Comment comment) {
        return markers.block(label, "Author: @" + comment.authorHandle() + "\n\n" + comment.body(),
                MAX_COMMENT_CHARS);
    }

    /**
     * The comments of a thread, oldest first, each cut to {@link #MAX_COMMENT_CHARS}; when they do
     * not fit in {@link #MAX_THREAD_CHARS} the oldest are left out. The persona's own comments are
     * marked, so it knows what it said before.
     */
    static String thread(DataMarkers markers, List<Comment> comments, Persona persona) {
        List<String> entries = new ArrayList<>();
        int chars = 0;
        for (int i = comments.size() - 1; i >= 0; i--) {
            String entry = entry(comments.get(i), persona);
            if (chars + entry.length() > MAX_THREAD_CHARS) {
                entries.add(0, "[earlier comments left out]");
                break;
            }
            entries.add(0, entry);
            chars += entry.length() + 2;
        }
        String text = entries.isEmpty() ? "(no other comments yet)" : String.join("\n\n", entries);
        return markers.block("thread", text, MAX_THREAD_CHARS + 100);
    }

    private static String entry(Comment comment, Persona persona) {
        String author = "@" + comment.authorHandle() + (comment.authorId() == persona.userId() ? " (you)" : "");
        String parent = comment.parentId() == null ? "" : " in reply to #" + comment.parentId();
        return "#" + comment.id() + " " + author + parent + ":\n"
                + UntrustedText.clean(comment.body(), MAX_COMMENT_CHARS);
    }
}
