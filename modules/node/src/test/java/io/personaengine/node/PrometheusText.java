package io.personaengine.node;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of Prometheus' text exposition format 0.0.4, for tests: every line must be a
 * {@code # HELP}, a {@code # TYPE}, another comment, blank, or a sample of the family declared last,
 * with well-formed names, escaped label values and a number; anything else throws.
 */
final class PrometheusText {

    private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") (.*)");
    private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
    private static final Pattern SAMPLE = Pattern.compile(
            "(" + NAME + ")(?:\\{(.*)\\})? (\\S+)(?: (-?\\d+))?");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"(,|$)");
    private static final Set<String> SUFFIXES = Set.of("", "_total", "_created", "_bucket", "_count", "_sum");

    record Sample(String name, Map<String, String> labels, double value) {}

    record Family(String name, String type, List<Sample> samples) {}

    private final Map<String, Family> families;

    private PrometheusText(Map<String, Family> families) {
        this.families = families;
    }

    static PrometheusText parse(String text) {
        Map<String, Family> families = new LinkedHashMap<>();
        Family current = null;
        int number = 0;
        for (String line : text.split("\n", -1)) {
            number++;
            if (line.isEmpty() || line.startsWith("# HELP ") && HELP.matcher(line).matches()) {
                continue;
            }
            Matcher type = TYPE.matcher(line);
            if (type.matches()) {
                if (families.containsKey(type.group(1))) {
                    throw new IllegalArgumentException("line " + number + ": family declared twice: " + line);
                }
                current = new Family(type.group(1), type.group(2), new ArrayList<>());
                families.put(current.name(), current);
                continue;
            }
            if (line.startsWith("#")) {
                if (line.startsWith("# HELP") || line.startsWith("# TYPE")) {
                    throw new IllegalArgumentException("line " + number + ": malformed: " + line);
                }
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            if (!sample.matches()) {
                throw new IllegalArgumentException("line " + number + ": not a sample: " + line);
            }
            String name = sample.group(1);
            if (current == null || !name.startsWith(current.name())
                    || !SUFFIXES.contains(name.substring(current.name().length()))) {
                throw new IllegalArgumentException("line " + number + ": sample outside its family: " + line);
            }
            current.samples().add(new Sample(name, labels(sample.group(2), number), value(sample.group(3), number)));
        }
        return new PrometheusText(families);
    }

    private static Map<String, String> labels(String text, int number) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (text == null || text.isEmpty()) {
            return labels;
        }
        Matcher label = LABEL.matcher(text);
        int at = 0;
        while (at < text.length()) {
            if (!label.find(at) || label.start() != at) {
                throw new IllegalArgumentException("line " + number + ": bad labels: " + text);
            }
            String value = label.group(2).replace("\\n", "\n").replace("\\\"", "\"").replace("\\\\", "\\");
            if (labels.put(label.group(1), value) != null) {
                throw new IllegalArgumentException("line " + number + ": label twice: " + text);
            }
            at = label.end();
        }
        return labels;
    }

    private static double value(String text, int number) {
        switch (text) {
            case "NaN":
                return Double.NaN;
            case "+Inf":
                return Double.POSITIVE_INFINITY;
            case "-Inf":
                return Double.NEGATIVE_INFINITY;
            default:
                try {
                    return Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("line " + number + ": not a number: " + text, e);
                }
        }
    }

    Map<String, Family> families() {
        return families;
    }

    /** The family, or an error naming the families there are. */
    Family family(String name) {
        Family family = families.get(name);
        if (family == null) {
            throw new AssertionError("no family " + name + " among " + families.keySet());
        }
        return family;
    }

    /**
     * The value of the one sample named {@code name} whose labels include {@code labels} (as
     * {@code key, value, …}).
     */
    double value(String name, String... labels) {
        List<Sample> matching = new ArrayList<>();
        for (Family family : families.values()) {
            for (Sample sample : family.samples()) {
                if (sample.name().equals(name) && has(sample, labels)) {
                    matching.add(sample);
                }
            }
        }
        if (matching.size() != 1) {
            throw new AssertionError(matching.size() + " samples " + name + " with " + List.of(labels) + ": " + matching);
        }
        return matching.get(0).value();
    }

    private static boolean has(Sample sample, String... labels) {
        for (int i = 0; i < labels.length; i += 2) {
            if (!labels[i + 1].equals(sample.labels().get(labels[i]))) {
                return false;
            }
        }
        return true;
    }
}
