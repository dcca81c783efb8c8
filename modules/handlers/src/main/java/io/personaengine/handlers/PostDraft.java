package io.personaengine.handlers;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A new post as the persona wrote it, checked for publishing: a one-line title of 3–200 chars, a
 * body of 20–5000 chars, and at most 5 tags, normalised to lower-case words joined by dashes.
 */
record PostDraft(String title, String body, List<String> tags) {

    static final int MIN_TITLE_CHARS = 3;
    static final int MAX_TITLE_CHARS = 200;
    static final int MIN_BODY_CHARS = 20;
    static final int MAX_BODY_CHARS = 5_000;
    static final int MAX_TAGS = 5;
    static final int MAX_TAG_CHARS = 30;

    PostDraft {
        requireNonNull(title, "title");
        requireNonNull(body, "body");
        tags = List.copyOf(tags);
    }

    /** Reads {@code title}, {@code bodyField} and {@code tags} from a structured answer. */
    static Validated<PostDraft> from(JsonNode answer, String bodyField) {
        Validated<String> title = JsonAnswer.text(answer, "title").flatMap(PostDraft::title);
        Validated<String> body = JsonAnswer.text(answer, bodyField).flatMap(text -> body(bodyField, text));
        Validated<List<String>> tags = JsonAnswer.texts(answer, "tags").flatMap(PostDraft::tags);
        for (Validated<?> part : List.of(title, body, tags)) {
            if (!part.isValid()) {
                return Validated.invalid(part.problem());
            }
        }
        return Validated.valid(new PostDraft(
                requireNonNull(title.value()), requireNonNull(body.value()), requireNonNull(tags.value())));
    }

    static Validated<String> title(String raw) {
        String title = raw.replaceAll("\\s+", " ").strip();
        if (title.length() >= 2 && title.startsWith("\"") && title.endsWith("\"")) {
            title = title.substring(1, title.length() - 1).strip();
        }
        if (title.length() < MIN_TITLE_CHARS || title.length() > MAX_TITLE_CHARS) {
            return Validated.invalid("the title has " + title.length() + " chars, not " + MIN_TITLE_CHARS + "–"
                    + MAX_TITLE_CHARS);
        }
        return PromptEcho.check(title);
    }

    static Validated<String> body(String field, String raw) {
        String body = raw.strip();
        if (body.length() < MIN_BODY_CHARS || body.length() > MAX_BODY_CHARS) {
            return Validated.invalid("the " + field + " has " + body.length() + " chars, not " + MIN_BODY_CHARS
                    + "–" + MAX_BODY_CHARS);
        }
        return PromptEcho.check(body);
    }

    /** Lower-case, {@code #} dropped, spaces and underscores as dashes, duplicates merged. */
    static Validated<List<String>> tags(List<String> raw) {
        Set<String> tags = new LinkedHashSet<>();
        for (String tag : raw) {
            String normal = tag.strip().toLowerCase(Locale.ROOT)
                    .replaceAll("[\\s_]+", "-")
                    .replaceAll("[^\\p{L}\\p{N}-]", "")
                    .replaceAll("-{2,}", "-")
                    .replaceAll("^-|-$", "");
            if (normal.length() > MAX_TAG_CHARS) {
                return Validated.invalid("the tag '" + UntrustedText.clean(normal, 40) + "' is longer than "
                        + MAX_TAG_CHARS + " chars");
            }
            if (!normal.isEmpty()) {
                tags.add(normal);
            }
        }
        if (tags.size() > MAX_TAGS) {
            return Validated.invalid(tags.size() + " tags, at most " + MAX_TAGS);
        }
        return Validated.valid(List.copyOf(tags));
    }
}
