package io.cambium.llm.finetune.instruct;

import io.cambium.llm.data.TokenBatch;
import io.cambium.llm.finetune.FineTuneData;
import io.cambium.llm.tokenizer.Tokenizer;
import io.cambium.tensor.random.Rng;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Instruction data for {@link io.cambium.llm.finetune.FineTuner}: conversations encoded with a
 * {@link ChatTemplate}, targets set to {@link FineTuneData#IGNORE} wherever the next token is not
 * one the model learns (prompt, markup, padding), so only response tokens count in the loss.
 *
 * <p>Without packing a batch holds whole examples (cut to {@code context + 1} tokens), padded on the
 * right to the longest with the pad token; padding needs no attention mask, since causal attention
 * never lets a real position see a later pad, and its targets are ignored. With packing (TRL's
 * {@code packing=True}) the examples are concatenated into one stream and training windows of
 * {@code context + 1} tokens are cut from it at random, so no compute goes to padding (attention
 * then also crosses example boundaries, as in TRL's constant-length packing). Validation batches
 * are always whole, padded examples.
 */
public final class InstructionDataset implements FineTuneData {
    private final List<ChatTemplate.Encoded> train;
    private final List<ChatTemplate.Encoded> validation;
    private final int padId;
    private final boolean packing;
    private final int[] packedIds;
    private final boolean[] packedLearn;
    private final String description;

    private InstructionDataset(List<ChatTemplate.Encoded> train, List<ChatTemplate.Encoded> validation, int padId,
                               boolean packing, String description) {
        this.train = train;
        this.validation = validation;
        this.padId = padId;
        this.packing = packing;
        int total = 0;
        for (ChatTemplate.Encoded e : train) {
            total += e.ids().length;
        }
        packedIds = new int[packing ? total : 0];
        packedLearn = new boolean[packing ? total : 0];
        if (packing) {
            int at = 0;
            for (ChatTemplate.Encoded e : train) {
                System.arraycopy(e.ids(), 0, packedIds, at, e.ids().length);
                System.arraycopy(e.learn(), 0, packedLearn, at, e.learn().length);
                at += e.ids().length;
            }
        }
        this.description = description;
    }

    /**
     * Encodes conversations and holds out the last {@code validationFraction} of them (after a
     * seeded shuffle) for validation.
     *
     * @throws IllegalArgumentException when the tokenizer lacks the template's tokens or too few
     *     examples remain on either side
     */
    public static InstructionDataset of(List<List<Message>> conversations, Tokenizer tok, ChatTemplate template,
                                        double validationFraction, long seed, boolean packing) {
        template.check(tok);
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validation fraction must be in [0, 1), got " + validationFraction);
        }
        List<ChatTemplate.Encoded> all = new ArrayList<>();
        for (List<Message> c : conversations) {
            all.add(template.encode(tok, c));
        }
        Rng rng = new Rng(seed);
        for (int i = all.size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            ChatTemplate.Encoded t = all.get(i);
            all.set(i, all.get(j));
            all.set(j, t);
        }
        int val = (int) Math.round(all.size() * validationFraction);
        if (validationFraction > 0 && val == 0) {
            val = 1;
        }
        if (all.size() - val < 1) {
            throw new IllegalArgumentException(all.size() + " examples are too few to hold out " + val
                    + " for validation");
        }
        List<ChatTemplate.Encoded> tr = new ArrayList<>(all.subList(0, all.size() - val));
        List<ChatTemplate.Encoded> va = new ArrayList<>(all.subList(all.size() - val, all.size()));
        Integer pad = tok.specialTokens().get("<pad>");
        int padId = pad != null ? pad : template.stopToken(tok);
        long tokens = 0;
        long learned = 0;
        for (ChatTemplate.Encoded e : tr) {
            tokens += e.ids().length;
            for (boolean b : e.learn()) {
                learned += b ? 1 : 0;
            }
        }
        String desc = String.format(Locale.ROOT, "instructions (%s template%s): %,d training examples (%,d tokens, "
                + "%,d of them learned), %,d validation examples", template.name().toLowerCase(Locale.ROOT),
                packing ? ", packed" : "", tr.size(), tokens, learned, va.size());
        return new InstructionDataset(tr, va, padId, packing, desc);
    }

    /** The training examples' encodings. */
    public List<ChatTemplate.Encoded> trainingExamples() {
        return List.copyOf(train);
    }

    @Override
    public TokenBatch next(int batchSize, int context, Rng rng) {
        if (packing) {
            if (packedIds.length < context + 1) {
                throw new IllegalArgumentException("the packed training examples hold " + packedIds.length
                        + " tokens: fewer than one window of " + (context + 1));
            }
            int[] x = new int[batchSize * context];
            int[] y = new int[batchSize * context];
            for (int b = 0; b < batchSize; b++) {
                int s = rng.nextInt(packedIds.length - context);
                for (int t = 0; t < context; t++) {
                    x[b * context + t] = packedIds[s + t];
                    y[b * context + t] = packedLearn[s + t + 1] ? packedIds[s + t + 1] : IGNORE;
                }
            }
            return new TokenBatch(x, y, batchSize, context);
        }
        List<ChatTemplate.Encoded> pick = new ArrayList<>();
        for (int b = 0; b < batchSize; b++) {
            pick.add(train.get(rng.nextInt(train.size())));
        }
        return padded(pick, context, padId);
    }

    @Override
    public List<TokenBatch> validation(int batchSize, int context, int maxBatches) {
        if (validation.isEmpty()) {
            throw new IllegalArgumentException("no validation examples (use a validation fraction above 0)");
        }
        List<TokenBatch> out = new ArrayList<>();
        for (int i = 0; i < validation.size() && (maxBatches <= 0 || out.size() < maxBatches); i += batchSize) {
            out.add(padded(validation.subList(i, Math.min(validation.size(), i + batchSize)), context, padId));
        }
        return out;
    }

    /**
     * Examples cut to {@code context + 1} tokens and right-padded to the longest: inputs are the
     * first n - 1 tokens, targets the next token where it is learned, else {@link #IGNORE}.
     */
    public static TokenBatch padded(List<ChatTemplate.Encoded> examples, int context, int padId) {
        int len = 1;
        for (ChatTemplate.Encoded e : examples) {
            len = Math.max(len, Math.min(context, e.ids().length - 1));
        }
        int b = examples.size();
        int[] x = new int[b * len];
        int[] y = new int[b * len];
        java.util.Arrays.fill(x, padId);
        java.util.Arrays.fill(y, IGNORE);
        for (int i = 0; i < b; i++) {
            ChatTemplate.Encoded e = examples.get(i);
            int n = Math.min(context, e.ids().length - 1);
            for (int t = 0; t < n; t++) {
                x[i * len + t] = e.ids()[t];
                y[i * len + t] = e.learn()[t + 1] ? e.ids()[t + 1] : IGNORE;
            }
        }
        return new TokenBatch(x, y, b, len);
    }

    @Override
    public String description() {
        return description;
    }
}
