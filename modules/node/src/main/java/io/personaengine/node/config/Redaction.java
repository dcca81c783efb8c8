package io.personaengine.node.config;

import java.util.regex.Pattern;

/**
 * Hides credentials that can hide inside otherwise harmless values, such as a password in a JDBC
 * URL ({@code ?password=…}, {@code //user:secret@host}), before a value is logged or shown.
 */
public final class Redaction {

    private static final Pattern PASSWORD_PARAMETER =
            Pattern.compile("(?i)((?:password|sslpassword|pwd)=)[^&;]*");
    private static final Pattern USER_INFO = Pattern.compile("//([^/@:]*):[^/@]*@");

    private Redaction() {}

    public static String redact(String value) {
        String withoutParameter = PASSWORD_PARAMETER.matcher(value).replaceAll("$1****");
        return USER_INFO.matcher(withoutParameter).replaceAll("//$1:****@");
    }
}
