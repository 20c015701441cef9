package io.cambium.llm.tokenizer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** UTF-8 text files read strictly, and the UTF-8 encoding of text ranges used by byte-level tokenizers. */
public final class Utf8 {
    private Utf8() {
    }

    /**
     * The text of a UTF-8 file (a leading byte-order mark is kept, as it is text).
     *
     * @throws IllegalArgumentException when the file is missing, a directory, or not valid UTF-8
     *     (the message gives the byte offset of the first bad sequence)
     */
    public static String readFile(Path file) {
        byte[] bytes;
        try {
            if (Files.isDirectory(file)) {
                throw new IllegalArgumentException("text file " + file + " is a directory");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("text file not found: " + file, e);
        } catch (OutOfMemoryError e) {
            throw new IllegalArgumentException("text file " + file + " is too large to read into memory", e);
        } catch (IOException e) {
            throw new UncheckedIOException("text file " + file + ": " + e.getMessage(), e);
        }
        return decode(bytes, "text file " + file);
    }

    /**
     * Strict UTF-8 decoding.
     *
     * @throws IllegalArgumentException naming {@code what} and the byte offset of the first bad sequence
     */
    public static String decode(byte[] bytes, String what) {
        CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult r = dec.decode(in, out, true);
        if (r.isError()) {
            throw new IllegalArgumentException(what + " is not valid UTF-8: bad byte sequence at byte offset "
                    + in.position());
        }
        r = dec.flush(out);
        if (r.isError()) {
            throw new IllegalArgumentException(what + " is not valid UTF-8 at its end");
        }
        out.flip();
        return out.toString();
    }

    /** Lenient decoding: bad sequences become U+FFFD, as a browser's {@code TextDecoder}. */
    public static String decodeLenient(byte[] bytes, int length) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(bytes, 0, length)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("replacing decoder reported an error", e);
        }
    }

    /**
     * Writes the UTF-8 bytes of {@code s[start, end)} into {@code out} (which must hold
     * {@code 3 * (end - start)} bytes) and returns their count. A lone surrogate becomes U+FFFD
     * ({@code EF BF BD}), as the WHATWG {@code TextEncoder} does.
     */
    static int encode(String s, int start, int end, byte[] out) {
        int n = 0;
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                out[n++] = (byte) c;
            } else if (c < 0x800) {
                out[n++] = (byte) (0xC0 | (c >> 6));
                out[n++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(s.charAt(i + 1))) {
                    int cp = Character.toCodePoint(c, s.charAt(++i));
                    out[n++] = (byte) (0xF0 | (cp >> 18));
                    out[n++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                    out[n++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                    out[n++] = (byte) (0x80 | (cp & 0x3F));
                } else {
                    out[n++] = (byte) 0xEF;
                    out[n++] = (byte) 0xBF;
                    out[n++] = (byte) 0xBD;
                }
            } else {
                out[n++] = (byte) (0xE0 | (c >> 12));
                out[n++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                out[n++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        return n;
    }
}
