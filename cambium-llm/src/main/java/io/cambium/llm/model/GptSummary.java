package io.cambium.llm.model;

import io.cambium.nn.Layer;
import io.cambium.nn.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The text of {@link Gpt#summary()}: the shape, one row per layer path, and the parameter counts. */
final class GptSummary {
    private GptSummary() {
    }

    static String of(Gpt gpt, GptConfig c) {
        StringBuilder b = new StringBuilder();
        b.append("Model: \"").append(gpt.name()).append("\" (GPT, ")
                .append(c.norm() == GptConfig.Norm.LAYER_NORM ? "LayerNorm" : "RMSNorm").append(", ")
                .append(c.positions() == GptConfig.Positions.LEARNED ? "learned positions" : "rotary positions")
                .append(", ").append(c.activation().name().toLowerCase(Locale.ROOT))
                .append(c.tieEmbeddings() ? ", tied embeddings" : ", untied output")
                .append(c.bias() ? ", biases" : ", no biases").append(")\n");
        b.append(String.format(Locale.ROOT, "vocab %d, context %d, d_model %d, %d layers, %d heads (%d key/value, "
                + "head width %d), MLP %d, dropout %s%n", c.vocabSize(), c.contextLength(), c.dModel(), c.layers(),
                c.heads(), c.kvHeads(), c.headDim(), c.mlpHidden(), num(c.dropout())));
        List<String[]> rows = new ArrayList<>();
        Map<String, Layer> top = gpt.namedChildren();
        for (Map.Entry<String, Layer> e : top.entrySet()) {
            String path = e.getKey();
            Layer l = e.getValue();
            if (path.startsWith("h.") && !path.equals("h.0")) {
                continue;
            }
            if (path.equals("h.0")) {
                String label = c.layers() == 1 ? "h.0" : "h.0 .. h." + (c.layers() - 1) + " (each)";
                rows.add(row(label, l.className(), l.countParams()));
                for (Map.Entry<String, Layer> s : LayerPaths.all((Composite) l).entrySet()) {
                    if (!(s.getValue() instanceof Composite)) {
                        rows.add(row("  " + s.getKey(), s.getValue().className(), s.getValue().countParams()));
                    }
                }
                continue;
            }
            rows.add(row(path, l.className(), l.countParams()));
        }
        if (c.tieEmbeddings()) {
            rows.add(new String[] {"lm_head", "(tied to wte)", "0"});
        }
        int[] w = {28, 22, 14};
        for (String[] r : rows) {
            for (int i = 0; i < 3; i++) {
                w[i] = Math.max(w[i], r[i].length() + 2);
            }
        }
        int line = w[0] + w[1] + w[2];
        b.append("_".repeat(line)).append('\n');
        b.append(pad("Layer (path)", w[0])).append(pad("Type", w[1])).append(left("Param #", w[2])).append('\n');
        b.append("=".repeat(line)).append('\n');
        for (String[] r : rows) {
            b.append(pad(r[0], w[0])).append(pad(r[1], w[1])).append(left(r[2], w[2])).append('\n');
        }
        b.append("=".repeat(line)).append('\n');
        long total = 0;
        long trainable = 0;
        for (Variable v : gpt.variables()) {
            total += v.value().numel();
            if (v.trainable()) {
                trainable += v.value().numel();
            }
        }
        b.append(String.format(Locale.ROOT, "Total params: %,d (%s)%n", total, bytes(total * 4)));
        b.append(String.format(Locale.ROOT, "Trainable params: %,d%n", trainable));
        b.append(String.format(Locale.ROOT, "Non-trainable params: %,d%n", total - trainable));
        b.append(String.format(Locale.ROOT, "Non-embedding params: %,d%n", gpt.nonEmbeddingParameterCount()));
        b.append("_".repeat(line)).append('\n');
        return b.toString();
    }

    private static String[] row(String path, String type, long params) {
        return new String[] {path, type, String.format(Locale.ROOT, "%,d", params)};
    }

    private static String pad(String s, int w) {
        return s + " ".repeat(Math.max(0, w - s.length()));
    }

    private static String left(String s, int w) {
        return " ".repeat(Math.max(0, w - s.length())) + s;
    }

    private static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    private static String bytes(long n) {
        if (n >= 1L << 30) {
            return String.format(Locale.ROOT, "%.2f GiB", n / (double) (1L << 30));
        }
        if (n >= 1L << 20) {
            return String.format(Locale.ROOT, "%.2f MiB", n / (double) (1L << 20));
        }
        return String.format(Locale.ROOT, "%.1f KiB", n / 1024.0);
    }
}
