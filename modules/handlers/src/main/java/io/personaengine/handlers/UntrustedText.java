package io.personaengine.handlers;

/**
 * Forum text on its way into a prompt. It is data, never instructions: it is cut to a bounded
 * length, stripped of control characters and of anything that looks like our delimiters, and
 * wrapped in a labelled block ({@link DataMarkers}) the system instruction tells the model to treat
 * as quoted material.
 */
final class UntrustedText {

    /** The fixed fragments of every prompt's markers. */
    static final String BEGIN = "<<<FORUM_DATA";
    static final String END = "FORUM_DATA>>>";

    private UntrustedText() {}

    static String clean(String text, int maxChars) {
        String withoutDelimiters = text.replace(BEGIN, "").replace(END, "").replace("<<<", "").replace(">>>", "");
        String printable = withoutDelimiters.replaceAll("[\\p{Cntrl}&&[^\n\t]]", "");
        if (printable.length() <= maxChars) {
            return printable;
        }
        return printable.substring(0, maxChars) + " […]";
    }
}
