package io.cambium.llm.finetune.instruct;

import io.cambium.llm.tokenizer.Tokenizer;
import java.util.List;
import java.util.Locale;

/**
 * Turns a conversation into token ids and a mask of the tokens the model learns (the assistant's
 * replies and the token that ends each reply; never the system or user text, nor the template's
 * markup), as TRL's {@code assistant_only_loss}. Template markup is encoded with special tokens;
 * message text is encoded as ordinary text, so a message cannot forge a special token.
 *
 * <ul>
 *   <li>{@link #CHATML} (Hugging Face's ChatML): {@code <|im_start|>role\ncontent<|im_end|>\n} per
 *       message; needs the special tokens {@code <|im_start|>} and {@code <|im_end|>}.
 *   <li>{@link #ALPACA} (Stanford Alpaca's prompt): {@code ### Instruction:\n...\n\n### Response:\n}
 *       then the reply and the end-of-text token; for tokenizers with only an end token
 *       ({@code <|endoftext|>}, {@code <eos>} or {@code </s>}).
 * </ul>
 */
public enum ChatTemplate {
    CHATML, ALPACA;

    /** Special tokens ChatML needs. */
    public static final String IM_START = "<|im_start|>";
    /** Ends a ChatML message. */
    public static final String IM_END = "<|im_end|>";
    private static final List<String> END_TOKENS = List.of("<|endoftext|>", "<eos>", "</s>");

    /** Ids and learn mask of one conversation. */
    public record Encoded(int[] ids, boolean[] learn) {
    }

    /** {@code chatml} or {@code alpaca}. */
    public static ChatTemplate parse(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "chatml" -> CHATML;
            case "alpaca" -> ALPACA;
            default -> throw new IllegalArgumentException("unknown chat template '" + s + "' (chatml or alpaca)");
        };
    }

    /** ChatML when the tokenizer has its special tokens, else Alpaca. */
    public static ChatTemplate defaultFor(Tokenizer tok) {
        return tok.specialTokens().containsKey(IM_START) && tok.specialTokens().containsKey(IM_END) ? CHATML : ALPACA;
    }

    /** The end-of-text token Alpaca's template ends replies with. */
    static int endToken(Tokenizer tok) {
        for (String t : END_TOKENS) {
            Integer id = tok.specialTokens().get(t);
            if (id != null) {
                return id;
            }
        }
        throw new IllegalArgumentException("the tokenizer has no end-of-text special token (one of " + END_TOKENS
                + "; it has " + tok.specialTokens().keySet() + ")");
    }

    /**
     * Checks that the tokenizer has what the template needs.
     *
     * @throws IllegalArgumentException naming the missing special tokens
     */
    public void check(Tokenizer tok) {
        if (this == CHATML) {
            for (String t : List.of(IM_START, IM_END)) {
                if (!tok.specialTokens().containsKey(t)) {
                    throw new IllegalArgumentException("the chatml template needs the special token " + t
                            + "; the tokenizer has " + tok.specialTokens().keySet());
                }
            }
        } else {
            endToken(tok);
        }
    }

    /** Encodes a whole conversation (for training). */
    public Encoded encode(Tokenizer tok, List<Message> conversation) {
        Builder b = new Builder();
        if (this == CHATML) {
            int start = tok.specialTokenId(IM_START);
            int end = tok.specialTokenId(IM_END);
            for (Message m : conversation) {
                boolean learn = m.role().equals("assistant");
                b.add(new int[] {start}, false);
                b.add(tok.encodeOrdinary(m.role() + "\n"), false);
                b.add(tok.encodeOrdinary(m.content()), learn);
                b.add(new int[] {end}, learn);
                b.add(tok.encodeOrdinary("\n"), false);
            }
        } else {
            int eos = endToken(tok);
            StringBuilder prompt = new StringBuilder();
            for (Message m : conversation) {
                switch (m.role()) {
                    case "system" -> prompt.append(m.content()).append("\n\n");
                    case "user" -> prompt.append("### Instruction:\n").append(m.content()).append("\n\n");
                    default -> {
                        b.add(tok.encodeOrdinary(prompt + "### Response:\n"), false);
                        prompt.setLength(0);
                        b.add(tok.encodeOrdinary(m.content()), true);
                        b.add(new int[] {eos}, true);
                        prompt.append("\n\n");
                    }
                }
            }
        }
        return b.build();
    }

    /**
     * The prompt ids for generation: the conversation so far, then the opening of the assistant's
     * reply ({@code <|im_start|>assistant\n} or {@code ### Response:\n}).
     */
    public int[] prompt(Tokenizer tok, List<Message> conversation) {
        Builder b = new Builder();
        if (this == CHATML) {
            Encoded e = encode(tok, conversation);
            b.add(e.ids(), false);
            b.add(new int[] {tok.specialTokenId(IM_START)}, false);
            b.add(tok.encodeOrdinary("assistant\n"), false);
        } else {
            StringBuilder prompt = new StringBuilder();
            for (Message m : conversation) {
                switch (m.role()) {
                    case "system" -> prompt.append(m.content()).append("\n\n");
                    case "user" -> prompt.append("### Instruction:\n").append(m.content()).append("\n\n");
                    default -> prompt.append("### Response:\n").append(m.content()).append("\n\n");
                }
            }
            b.add(tok.encodeOrdinary(prompt + "### Response:\n"), false);
        }
        return b.build().ids();
    }

    /** The token that ends a reply (a generation stop token). */
    public int stopToken(Tokenizer tok) {
        return this == CHATML ? tok.specialTokenId(IM_END) : endToken(tok);
    }

    private static final class Builder {
        private int[] ids = new int[64];
        private boolean[] learn = new boolean[64];
        private int n;

        void add(int[] part, boolean l) {
            if (n + part.length > ids.length) {
                int cap = Math.max(ids.length * 2, n + part.length);
                ids = java.util.Arrays.copyOf(ids, cap);
                learn = java.util.Arrays.copyOf(learn, cap);
            }
            System.arraycopy(part, 0, ids, n, part.length);
            java.util.Arrays.fill(learn, n, n + part.length, l);
            n += part.length;
        }

        Encoded build() {
            return new Encoded(java.util.Arrays.copyOf(ids, n), java.util.Arrays.copyOf(learn, n));
        }
    }
}
