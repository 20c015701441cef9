package io.cambium.llm.finetune.lora;

import io.cambium.llm.model.TiedEmbedding;
import io.cambium.nn.Masks;
import io.cambium.nn.Variable;
import io.cambium.nn.initializers.Initializers;
import io.cambium.nn.layers.embedding.Embedding;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.NoGrad;
import java.util.Map;

/**
 * An embedding table with low-rank adapters, as Hugging Face PEFT's {@code lora.Embedding}: the
 * looked-up rows become {@code E[ids] + scaling · A[ids] · B} with {@code A [vocab, r]},
 * {@code B [r, dim]}, that is the table {@code E + scaling · A · B}. As in PEFT (and Microsoft's
 * loralib), A starts at zero and B as {@code normal_} (standard normal), the reverse of the linear
 * kind, so the lookup is unchanged at step 0; no dropout is applied to ids.
 *
 * <p>In PEFT's file A is {@code lora_embedding_A [r, vocab]} and B {@code lora_embedding_B
 * [dim, r]} (no {@code .weight} suffix: they are parameters, not modules), so PEFT's update
 * {@code (lora_embedding_B @ lora_embedding_A)ᵀ · scaling} is this layer's {@code A · B · scaling}.
 *
 * <p>Tied output ({@link TiedEmbedding}): when a {@link io.cambium.llm.model.Gpt}'s output is tied
 * to this table, the adapter reaches the output projection only when its configuration sets
 * {@link LoraConfig#ensureWeightTying}, as PEFT's option of that name does (it gives the tied
 * {@code lm_head} a LoRA that shares this adapter's factors): logits
 * {@code h·Eᵀ + scaling · (dropout(h) · Bᵀ) · Aᵀ}. Without it the output keeps the frozen table, as
 * PEFT's default, which adapts the lookup only.
 */
public final class LoraEmbedding extends LoraLayer implements TiedEmbedding {
    private final Embedding table;
    private final int vocab;
    private final int dim;

    /** Wraps {@code base} (its name, the layer's path, becomes this layer's name). */
    public LoraEmbedding(Embedding base) {
        super(base);
        if (base.embeddings() == null) {
            throw new IllegalArgumentException("LoRA target " + base.name() + " is an Embedding that is not built yet");
        }
        this.table = base;
        int[] s = base.embeddings().shape();
        this.vocab = s[0];
        this.dim = s[1];
    }

    /** Rows of the table (PEFT's {@code num_embeddings}). */
    public int vocabSize() {
        return vocab;
    }

    /** Width of the table (PEFT's {@code embedding_dim}). */
    public int embeddingDim() {
        return dim;
    }

    @Override
    protected Variable[] newFactors(String name, int r) {
        Variable a = addWeight("lora_embedding_A." + name, new int[] {vocab, r}, Initializers.zeros(), null, null,
                true);
        Variable b = addWeight("lora_embedding_B." + name, new int[] {r, dim}, Initializers.randomNormal(0, 1), null,
                null, true);
        return new Variable[] {a, b};
    }

    /** {@code scaling · A · B} of an adapter, {@code [vocab, dim]} (no gradient). */
    @Override
    public Tensor delta(String name) {
        Adapter a = adapter(name);
        try (NoGrad g = NoGrad.scope()) {
            return a.a().value().matmul(a.b().value()).mul((float) a.scaling());
        }
    }

    @Override
    protected Variable baseWeight() {
        return table.embeddings();
    }

    @Override
    public Variable baseTable() {
        return table.embeddings();
    }

    @Override
    public Map<String, int[]> peftShapes(int r) {
        return shapes("lora_embedding_A", new int[] {r, vocab}, "lora_embedding_B", new int[] {dim, r});
    }

    @Override
    public Map<String, Tensor> toPeft(String name) {
        Adapter a = adapter(name);
        return tensors("lora_embedding_A", a.a().value().t().copy(), "lora_embedding_B", a.b().value().t().copy());
    }

    @Override
    public void fromPeft(String name, Map<String, Tensor> t) {
        Adapter a = adapter(name);
        a.a().assign(t.get("lora_embedding_A").t().copy());
        a.b().assign(t.get("lora_embedding_B").t().copy());
    }

    @Override
    public Tensor call(Tensor ids, boolean training) {
        Tensor y = base.call(ids, training);
        Adapter a = running();
        if (a == null) {
            return y;
        }
        Tensor rows = Tensor.embedding(a.a().value(), ids);
        int r = a.a().shape()[1];
        Tensor d = rows.reshape(-1, r).matmul(a.b().value()).mul((float) a.scaling()).reshape(y.shape());
        // The base may attach a padding mask (mask_zero) to its output; the sum carries it on.
        return Masks.attach(y.add(d), Masks.of(y));
    }

    @Override
    public Tensor tiedLogits(Tensor h, boolean training) {
        Tensor logits = h.matmul(table.embeddings().value(), false, true);
        Adapter a = running();
        if (a == null || !a.config().ensureWeightTying()) {
            return logits;
        }
        // h·(scaling·A·B)ᵀ computed as (h·Bᵀ)·Aᵀ: [rows, r] in between, never the [vocab, dim] update.
        Tensor low = dropout(h, a, training).matmul(a.b().value(), false, true);
        return logits.add(low.matmul(a.a().value(), false, true).mul((float) a.scaling()));
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        return table.computeOutputShape(inputShape);
    }

    @Override
    public String className() {
        return "LoraEmbedding";
    }
}
