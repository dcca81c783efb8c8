package io.personaengine.gemini.api;

import static java.util.Objects.requireNonNull;

import java.util.Base64;

/** Bytes carried inside the JSON, base64-encoded (standard alphabet), with their MIME type. */
public record InlineData(String mimeType, String data) {

    public InlineData {
        requireNonNull(mimeType, "mimeType");
        requireNonNull(data, "data");
    }

    public static InlineData of(String mimeType, byte[] bytes) {
        return new InlineData(mimeType, Base64.getEncoder().encodeToString(bytes));
    }

    /** The decoded bytes. */
    public byte[] bytes() {
        return Base64.getDecoder().decode(data);
    }

    @Override
    public String toString() {
        return "InlineData[mimeType=" + mimeType + ", base64Chars=" + data.length() + "]";
    }
}
