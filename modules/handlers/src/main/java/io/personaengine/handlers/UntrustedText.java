package io.personaengine.handlers;

/**
 * Forum text on its way into a prompt. It is data, never instructions: it is cut to a bounded
 * length, stripped of control characters and of anything that looks like our delimiters, and
 * wrapped in a labelled block the system instruction tells the model to treat as quoted material.
 */
final class UntrustedText {

    static final String BEGIN = "<<<FORUM_DATA";
    static final String END = "FORUM_DATA>>>";

    private UntrustedText() {}

    /** The text as a delimited block labelled {@code label}, at most {@code maxChars} of it. */
    static String block(String label, String text, int maxChars) {
        return BEGIN + " " + label + "\n" + clean(text, maxChars) + "\n" + END;
    }

    static String clean(String text, int maxChars) {
        String withoutDelimiters = text.replace(BEGIN, "").replace(END, "").replace("<<<", "").replace(">>>", "");
        String printable = withoutDelimiters.replaceAll("[\\p{Cntrl}&&[^\n\t]]", "");
        if (printable.length() <= maxChars) {
            return printable;
        }
        return printable.substring(0, maxChars) + " […]";
    }
}
