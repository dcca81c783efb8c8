package io.personaengine.store;

import java.util.regex.Pattern;

/** Whether a comment mentions a handle as {@code @handle}, not as part of a longer word or address. */
final class Mentions {

    private Mentions() {}

    static boolean mentions(String body, String handle) {
        Pattern mention = Pattern.compile("(?<![\\p{Alnum}_.@])@" + Pattern.quote(handle) + "(?![\\p{Alnum}_])",
                Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        return mention.matcher(body).find();
    }
}
