package io.cambium.llm.data;

import io.cambium.llm.tokenizer.CharTokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenFileTest {
    @TempDir
    Path dir;

    @Test
    void uint16WhenTheVocabularyFitsElseInt32() throws Exception {
        int[] ids = {0, 1, 65535, 42, 7};
        Path small = dir.resolve("small.tok");
        TokenFile.write(small, 65536, ids);
        assertThat(Files.size(small)).isEqualTo(TokenFile.HEADER_BYTES + 2L * ids.length);
        TokenFile f = TokenFile.open(small);
        assertThat(f.dtype()).isEqualTo(TokenDType.UINT16);
        assertThat(f.vocabSize()).isEqualTo(65536);
        assertThat(f.toArray()).containsExactly(ids);

        int[] big = {65536, 0, 99_999};
        Path large = dir.resolve("large.tok");
        TokenFile.write(large, 100_000, big);
        assertThat(Files.size(large)).isEqualTo(TokenFile.HEADER_BYTES + 4L * big.length);
        TokenFile g = TokenFile.open(large);
        assertThat(g.dtype()).isEqualTo(TokenDType.INT32);
        assertThat(g.toArray()).containsExactly(big);
        assertThat(g.get(2)).isEqualTo(99_999);
    }

    @Test
    void headerLayoutIsTheDocumentedOne() throws Exception {
        Path f = dir.resolve("h.tok");
        TokenFile.write(f, 300, new int[] {1, 2, 3});
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[8];
        b.get(magic);
        assertThat(new String(magic, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("CMBTOKEN");
        assertThat(b.getInt()).isEqualTo(1);
        assertThat(b.getInt()).isEqualTo(2);
        assertThat(b.getInt()).isEqualTo(300);
        assertThat(b.getInt()).isZero();
        assertThat(b.getLong()).isEqualTo(3);
        assertThat(b.getShort()).isEqualTo((short) 1);
    }

    @Test
    void readsAcrossMappedSegmentBoundaries() throws Exception {
        Random r = new Random(3);
        int[] ids = new int[1000];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = r.nextInt(70_000);
        }
        Path f = dir.resolve("seg.tok");
        TokenFile.write(f, 70_000, ids);
        TokenFile t = TokenFile.open(f, 6); // 64-byte segments: 16 tokens each
        assertThat(t.toArray()).containsExactly(ids);
        int[] part = new int[100];
        t.read(13, part, 0, 100);
        assertThat(part).containsExactly(java.util.Arrays.copyOfRange(ids, 13, 113));
    }

    @Test
    void streamingEncodeOfDocumentsWithASeparator() throws Exception {
        CharTokenizer tok = CharTokenizer.trainer().specialTokens("<eos>").train(List.of("abc"));
        Path f = dir.resolve("docs.tok");
        TokenFile.encode(f, tok, List.of("ab", "c"), tok.specialTokenId("<eos>"));
        assertThat(TokenFile.open(f).toArray()).containsExactly(1, 2, 0, 3, 0);
    }

    @Test
    void idsOutsideTheVocabularyAreNotWritten() throws Exception {
        Path f = dir.resolve("bad.tok");
        assertThatThrownBy(() -> TokenFile.write(f, 10, new int[] {1, 10}))
                .hasMessageContaining("id 10 at token 1 is outside the vocabulary [0, 10)");
        assertThatThrownBy(() -> TokenFile.write(f, 10, new int[] {-1})).hasMessageContaining("id -1");
        assertThat(f).doesNotExist();
        try (var s = Files.list(dir)) {
            assertThat(s.toList()).isEmpty();
        }
    }

    @Test
    void nanoGptRawFilesOpen() throws Exception {
        Path f = dir.resolve("train.bin");
        ByteBuffer b = ByteBuffer.allocate(6).order(ByteOrder.LITTLE_ENDIAN).putShort((short) 5).putShort((short) 50256)
                .putShort((short) 0);
        Files.write(f, b.array());
        assertThat(TokenFile.openRaw(f, TokenDType.UINT16, 50257).toArray()).containsExactly(5, 50256, 0);
        assertThatThrownBy(() -> TokenFile.openRaw(f, TokenDType.UINT16, 50000)).hasMessageContaining("token 1 is id 50256");
        Files.write(f, new byte[] {1, 2, 3});
        assertThatThrownBy(() -> TokenFile.openRaw(f, TokenDType.UINT16, 50257)).hasMessageContaining("not a multiple of 2");
    }

    @Test
    void hostileFilesAreRejectedWithMessages() throws Exception {
        assertRejected(new byte[10], "shorter than the 32-byte header");
        assertRejected(header("NOTATOKN", 1, 2, 10, 0, 0), "not a Cambium token file (magic bytes NOTATOKN");
        assertRejected(header("CMBTOKEN", 9, 2, 10, 0, 0), "format version 9 is not supported");
        assertRejected(header("CMBTOKEN", 1, 3, 10, 0, 0), "3 bytes per token, expected 2 or 4");
        assertRejected(header("CMBTOKEN", 1, 2, 0, 0, 0), "vocabulary size 0 is outside");
        assertRejected(header("CMBTOKEN", 1, 4, -1, 0, 0), "vocabulary size 4294967295 is outside");
        assertRejected(header("CMBTOKEN", 1, 2, 70_000, 0, 0), "does not fit UINT16");
        assertRejected(header("CMBTOKEN", 1, 2, 10, 5, 0), "reserved header field is 5");
        assertRejected(concat(header("CMBTOKEN", 1, 2, 10, 0, 3), new byte[4]), "header says 3 tokens of 2 bytes, but the file holds 4 bytes");
        assertRejected(concat(header("CMBTOKEN", 1, 2, 10, 0, 1), new byte[4]), "header says 1 tokens");
        assertRejected(header("CMBTOKEN", 1, 4, 10, 0, Long.MAX_VALUE), "header says 9223372036854775807 tokens");
        assertRejected(header("CMBTOKEN", 1, 4, 10, 0, -1), "header says 18446744073709551615 tokens");
        assertRejected(concat(header("CMBTOKEN", 1, 2, 10, 0, 2), new byte[] {1, 0, 12, 0}), "token 1 is id 12, outside the vocabulary [0, 10)");
        assertRejected(concat(header("CMBTOKEN", 1, 4, 10, 0, 1), new byte[] {-1, -1, -1, -1}), "token 0 is id -1");
        assertThatThrownBy(() -> TokenFile.open(dir.resolve("missing.tok"))).hasMessageContaining("token file not found");
    }

    private void assertRejected(byte[] content, String fragment) throws Exception {
        Path f = dir.resolve("hostile.tok");
        Files.write(f, content);
        assertThatThrownBy(() -> TokenFile.open(f)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hostile.tok").hasMessageContaining(fragment);
    }

    private static byte[] header(String magic, int version, int width, int vocab, int reserved, long count) {
        return ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN).put(magic.getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .putInt(version).putInt(width).putInt(vocab).putInt(reserved).putLong(count).array();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
