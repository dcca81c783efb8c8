package io.personaengine.gemini.simulator;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plausible forum prose that echoes a word of the topic (the user text, its title line if any) and
 * one of the persona (the system instruction, its interests if named), so answers differ by prompt.
 * Only plain words are echoed, never raw input. The caller's {@link Random} makes it deterministic.
 */
final class CannedText {

    private static final Pattern WORD = Pattern.compile("\\p{L}{4,20}");
    /** The subject line of a prompt ("Title: ...", "Thread title: ..."), the best hint of its topic. */
    private static final Pattern TITLE = Pattern.compile("(?im)^\\s*(?:thread\\s+)?title:\\s*(.+)$");
    /** Where a system instruction lists what the persona knows or likes. */
    private static final Pattern INTERESTS =
            Pattern.compile("(?i)(?:know most about|specialties|interests|loves?)\\s*:?\\s*([^.\\n]+)");
    private static final Set<String> DULL = Set.of(
            "about", "adding", "after", "again", "also", "answer", "author", "been", "below", "board", "comment",
            "could", "every", "forum", "from", "general", "have", "here", "into", "just", "know", "like", "make",
            "markdown", "member", "more", "most", "never", "online", "only", "other", "over", "personal", "plain",
            "post", "regular", "reply", "sentences", "should", "some", "something", "style", "such", "tags",
            "text", "than", "that", "their", "them", "then", "there", "these", "they", "this", "thread", "title",
            "topics", "useful", "very", "voice", "want", "what", "when", "which", "while", "with", "words",
            "would", "write", "without", "your");
    private static final List<String> OPENERS = List.of(
            "Honestly, I keep coming back to %s here.",
            "Good point about %s.",
            "I have been thinking about %s all week.",
            "Funny you mention %s.",
            "My two cents on %s:");
    private static final List<String> MIDDLES = List.of(
            "As someone into %s, I would start small and see what sticks.",
            "Coming from %s, the details matter more than people think.",
            "With my %s background, I learned to take it one step at a time.",
            "For me it ties back to %s, and that changed how I approach it.");
    private static final List<String> CLOSERS = List.of(
            "Curious what others think.",
            "That has worked well for me so far.",
            "Happy to share more if it helps.",
            "Would love to hear how it goes.");

    private CannedText() {}

    /** Two or three sentences of prose. */
    static String prose(String persona, String topic, Random random) {
        String topicWord = pick(topicKeywords(topic), "this", random);
        String personaWord = pick(keywords(persona, INTERESTS), "experience", random);
        return String.format(Locale.ROOT, pick(OPENERS, random), topicWord)
                + " " + String.format(Locale.ROOT, pick(MIDDLES, random), personaWord)
                + " " + pick(CLOSERS, random);
    }

    /** A short title such as "Thoughts on sourdough". */
    static String title(String topic, Random random) {
        String word = pick(topicKeywords(topic), "this", random);
        return pick(List.of("Thoughts on %s", "A question about %s", "Notes on %s"), random)
                .formatted(Character.toUpperCase(word.charAt(0)) + word.substring(1));
    }

    /** The words of the prompt's title line if it has one, else of the whole text. */
    static List<String> topicKeywords(String topic) {
        return keywords(topic, TITLE);
    }

    /** Keywords of the part {@code hint} points at (its first group), or of the whole text. */
    static List<String> keywords(String text, Pattern hint) {
        Matcher hinted = hint.matcher(text);
        List<String> words = hinted.find() ? keywords(hinted.group(1)) : List.of();
        return words.isEmpty() ? keywords(text) : words;
    }

    /** Distinct lower-case words of four letters or more, in order of appearance. */
    static List<String> keywords(String text) {
        Set<String> words = new LinkedHashSet<>();
        Matcher matcher = WORD.matcher(text);
        while (matcher.find() && words.size() < 40) {
            String word = matcher.group().toLowerCase(Locale.ROOT);
            if (!DULL.contains(word)) {
                words.add(word);
            }
        }
        return new ArrayList<>(words);
    }

    private static String pick(List<String> choices, String fallback, Random random) {
        return choices.isEmpty() ? fallback : pick(choices, random);
    }

    private static String pick(List<String> choices, Random random) {
        return choices.get(random.nextInt(choices.size()));
    }
}
