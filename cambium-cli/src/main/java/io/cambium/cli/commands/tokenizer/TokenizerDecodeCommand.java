package io.cambium.cli.commands.tokenizer;

import io.cambium.cli.UserError;
import io.cambium.llm.data.TokenFile;
import io.cambium.llm.tokenizer.ByteLevelBpeTokenizer;
import io.cambium.llm.tokenizer.Tokenizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** Decodes token ids (given on the command line or in a token file) to text. */
@Command(name = "decode", mixinStandardHelpOptions = true,
        description = "Decode token ids (--ids or a token file) to text.")
public final class TokenizerDecodeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-t", "--tokenizer"}, required = true,
            description = "A tokenizer file, a directory with GPT-2's files, or 'gpt2'.")
    String tokenizer;

    @Option(names = "--ids", description = "Ids separated by spaces or commas, e.g. '15496 995'.")
    String ids;

    @Parameters(arity = "0..1", paramLabel = "TOKEN_FILE", description = "A token file written by 'encode -o'.")
    Path tokenFile;

    @Option(names = "--skip-special-tokens", description = "Leave special tokens out of the text.")
    boolean skipSpecial;

    @Override
    public Integer call() {
        if ((ids == null) == (tokenFile == null)) {
            throw new UserError(ids == null ? "nothing to decode: give --ids or a token file"
                    : "give either --ids or a token file, not both");
        }
        Tokenizer tok = TokenizerFiles.load(tokenizer);
        PrintWriter out = spec.commandLine().getOut();
        int[] values;
        if (ids != null) {
            String[] parts = ids.trim().isEmpty() ? new String[0] : ids.trim().split("[\\s,]+");
            values = new int[parts.length];
            for (int i = 0; i < parts.length; i++) {
                try {
                    values[i] = Integer.parseInt(parts[i]);
                } catch (NumberFormatException e) {
                    throw new UserError("--ids: '" + parts[i] + "' is not an integer id");
                }
            }
        } else {
            if (!Files.isRegularFile(tokenFile)) {
                throw new UserError("token file not found: " + tokenFile);
            }
            TokenFile f = TokenFile.open(tokenFile);
            if (f.vocabSize() > tok.vocabSize()) {
                throw new UserError("token file " + tokenFile + " has a vocabulary of " + f.vocabSize()
                        + " ids, the tokenizer only " + tok.vocabSize());
            }
            decodeInChunks(f, tok, out);
            out.println();
            out.flush();
            return 0;
        }
        out.print(tok.decode(values, skipSpecial));
        out.println();
        out.flush();
        return 0;
    }

    /**
     * Prints a token file a million ids at a time, so its size is not bounded by the heap. Byte-level
     * BPE tokens can split a character; their bytes go through one UTF-8 decoder that carries the
     * incomplete end of a chunk over to the next.
     */
    private void decodeInChunks(TokenFile f, Tokenizer tok, PrintWriter out) {
        int chunk = 1 << 20;
        int[] buf = new int[chunk];
        var utf8 = java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPLACE)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPLACE);
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(1 << 16);
        java.nio.CharBuffer chars = java.nio.CharBuffer.allocate(1 << 16);
        var special = tok.specialTokens().values();
        for (long start = 0; start < f.length(); start += chunk) {
            int n = (int) Math.min(chunk, f.length() - start);
            f.read(start, buf, 0, n);
            if (!(tok instanceof ByteLevelBpeTokenizer bpe)) {
                out.print(tok.decode(java.util.Arrays.copyOf(buf, n), skipSpecial));
                continue;
            }
            for (int i = 0; i < n; i++) {
                if (skipSpecial && special.contains(buf[i])) {
                    continue;
                }
                byte[] b = bpe.bytesOf(buf[i]);
                if (bytes.remaining() < b.length) {
                    drain(bytes, chars, utf8, false, out);
                    if (bytes.remaining() < b.length) { // an added token longer than the buffer
                        bytes = java.nio.ByteBuffer.allocate(bytes.position() + 2 * b.length).put(bytes.flip());
                    }
                }
                bytes.put(b);
            }
        }
        drain(bytes, chars, utf8, true, out);
    }

    private static void drain(java.nio.ByteBuffer bytes, java.nio.CharBuffer chars, java.nio.charset.CharsetDecoder utf8,
                              boolean end, PrintWriter out) {
        bytes.flip();
        while (true) {
            var r = utf8.decode(bytes, chars, end);
            chars.flip();
            out.append(chars);
            chars.clear();
            if (!r.isOverflow()) {
                break;
            }
        }
        if (end) {
            while (utf8.flush(chars).isOverflow()) {
                chars.flip();
                out.append(chars);
                chars.clear();
            }
            chars.flip();
            out.append(chars);
            chars.clear();
        }
        bytes.compact();
    }
}
