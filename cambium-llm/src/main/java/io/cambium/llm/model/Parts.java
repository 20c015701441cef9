package io.cambium.llm.model;

import io.cambium.nn.Layer;
import io.cambium.nn.initializers.Initializers;
import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.layers.embedding.Embedding;
import io.cambium.nn.layers.normalization.LayerNormalization;
import java.util.List;

/** Creates the built library layers the model is made of, named by their paths. */
final class Parts {
    private Parts() {
    }

    /** A built Dense {@code [in, units]} with N(0, std) kernel and zero bias. */
    static Dense dense(String path, int in, int units, boolean bias, double std) {
        Dense d = new Dense(units).useBias(bias).kernelInitializer(Initializers.randomNormal(0, std));
        d.name(path);
        d.ensureBuilt(List.of(new int[] {-1, in}));
        return d;
    }

    /** A built Embedding {@code [rows, width]} with N(0, std) values. */
    static Embedding embedding(String path, int rows, int width, double std) {
        Embedding e = new Embedding(rows, width).embeddingsInitializer(Initializers.randomNormal(0, std));
        e.name(path);
        e.ensureBuilt(List.of(new int[] {-1, -1}));
        return e;
    }

    /** The configured normalization over {@code width} features, built. */
    static Layer norm(String path, GptConfig cfg) {
        Layer l;
        if (cfg.norm() == GptConfig.Norm.RMS_NORM) {
            l = new RmsNormalization().epsilon(cfg.normEps());
        } else {
            l = new LayerNormalization().epsilon(cfg.normEps()).center(cfg.bias());
        }
        l.name(path);
        l.ensureBuilt(List.of(new int[] {-1, cfg.dModel()}));
        return l;
    }
}
