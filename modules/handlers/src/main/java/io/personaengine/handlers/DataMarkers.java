package io.personaengine.handlers;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The two markers that fence forum data in one prompt. Every prompt draws its own, around a random
 * nonce, so forum text cannot forge a marker even knowing the format; both contain the fixed
 * fragments {@link UntrustedText#BEGIN} and {@link UntrustedText#END}, which forum text is
 * stripped of and which an answer must never repeat.
 */
record DataMarkers(String begin, String end) {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** Markers around a fresh 96-bit nonce. */
    static DataMarkers fresh() {
        byte[] nonce = new byte[12];
        RANDOM.nextBytes(nonce);
        String hex = HexFormat.of().formatHex(nonce);
        return new DataMarkers(UntrustedText.BEGIN + "_" + hex, hex + "_" + UntrustedText.END);
    }

    /** The text as a delimited block labelled {@code label}, at most {@code maxChars} of it. */
    String block(String label, String text, int maxChars) {
        return begin + " " + label + "\n" + UntrustedText.clean(text, maxChars) + "\n" + end;
    }
}
