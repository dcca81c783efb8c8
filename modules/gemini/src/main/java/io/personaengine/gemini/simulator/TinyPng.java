package io.personaengine.gemini.simulator;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.DeflaterOutputStream;

/** A small, valid PNG: a two-colour diagonal gradient, written by hand (no AWT). */
final class TinyPng {

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private TinyPng() {}

    /** An RGB image of {@code size}×{@code size} pixels blending from one colour to another. */
    static byte[] gradient(int size, int fromRgb, int toRgb) {
        try {
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            png.write(SIGNATURE);
            chunk(png, "IHDR", header(size));
            chunk(png, "IDAT", pixels(size, fromRgb, toRgb));
            chunk(png, "IEND", new byte[0]);
            return png.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in-memory streams do not fail
        }
    }

    private static byte[] header(int size) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(size);
        out.writeInt(size);
        out.writeByte(8); // bits per channel
        out.writeByte(2); // colour type: RGB
        out.writeByte(0); // compression
        out.writeByte(0); // filter
        out.writeByte(0); // no interlace
        return bytes.toByteArray();
    }

    private static byte[] pixels(int size, int fromRgb, int toRgb) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DeflaterOutputStream out = new DeflaterOutputStream(bytes)) {
            for (int y = 0; y < size; y++) {
                out.write(0); // filter type of the row: none
                for (int x = 0; x < size; x++) {
                    int weight = (x + y) * 255 / Math.max(1, 2 * (size - 1));
                    for (int shift = 16; shift >= 0; shift -= 8) {
                        int from = (fromRgb >> shift) & 0xff;
                        int to = (toRgb >> shift) & 0xff;
                        out.write(from + (to - from) * weight / 255);
                    }
                }
            }
        }
        return bytes.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream png, String type, byte[] data) throws IOException {
        DataOutputStream out = new DataOutputStream(png);
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeInt(data.length);
        out.write(typeBytes);
        out.write(data);
        out.writeInt((int) crc.getValue());
    }
}
