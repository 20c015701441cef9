package io.cambium.interop.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import io.cambium.interop.onnx.proto.ModelProto;
import io.cambium.nn.Model;
import io.cambium.nn.Variable;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.NoGrad;
import io.cambium.tensor.random.Rng;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/** Exports a model, checks the graph's structure, and compares onnxruntime's outputs with Cambium's. */
final class ExportChecks {
    /** The tolerance of the acceptance criterion: norm-wise relative error. */
    static final double TOLERANCE = 1e-5;

    private ExportChecks() {
    }

    /**
     * Gives every weight random values (positive ones for variances, kernels scaled by their fan-in
     * so that activations stay in range and softmax outputs do not saturate), so that no layer is an
     * identity and no output is trivially 0 or 1.
     */
    static void randomizeWeights(Model model, long seed) {
        Rng rng = new Rng(seed);
        try (NoGrad g = NoGrad.scope()) {
            for (Variable v : model.variables()) {
                int[] s = v.shape();
                float[] d = new float[v.value().numel()];
                boolean positive = v.name().endsWith("variance");
                double std = s.length >= 2 ? 1.0 / Math.sqrt(Math.max(1, d.length / s[s.length - 1])) : 0.3;
                for (int i = 0; i < d.length; i++) {
                    d[i] = positive ? 0.5f + rng.nextFloat() : (float) (rng.nextGaussian() * std);
                }
                v.assign(new Tensor(d, v.shape()));
            }
        }
    }

    /** Normal random values. */
    static Tensor randn(long seed, int... shape) {
        return Tensor.normal(new Rng(seed), 0f, 1f, shape);
    }

    /** Random ids in [0, bound) held as floats (Cambium's form of ids). */
    static Tensor ids(long seed, int bound, int... shape) {
        Rng rng = new Rng(seed);
        float[] d = new float[io.cambium.tensor.Shape.numel(shape)];
        for (int i = 0; i < d.length; i++) {
            d[i] = rng.nextInt(bound);
        }
        return new Tensor(d, shape);
    }

    /**
     * Exports {@code model}, checks the graph's structure and compares onnxruntime with Cambium on
     * {@code inputs}; returns the largest relative error over the outputs (and records it).
     */
    static double check(String label, Model model, List<Tensor> inputs) {
        ModelProto proto = OnnxExporter.toProto(model);
        GraphCheck.check(proto);
        assertThat(proto.getOpsetImport(0).getVersion()).isGreaterThanOrEqualTo(17);
        List<Tensor> expected;
        try (NoGrad g = NoGrad.scope()) {
            expected = model.callAll(inputs.toArray(new Tensor[0]));
        }
        List<Tensor> actual = OrtRunner.run(proto.toByteArray(), inputs);
        assertThat(actual).hasSameSizeAs(expected);
        double worst = 0;
        for (int i = 0; i < actual.size(); i++) {
            assertThat(actual.get(i).shape()).as(label + " output " + i + " shape").isEqualTo(expected.get(i).shape());
            worst = Math.max(worst, OrtRunner.relativeError(actual.get(i), expected.get(i)));
        }
        record(label, worst, proto);
        assertThat(worst).as(label + ": relative error of onnxruntime vs Cambium").isLessThan(TOLERANCE);
        // And Cambium's own importer runs what its exporter wrote.
        OnnxModel back = OnnxImporter.read(proto.toByteArray());
        List<Tensor> again;
        try (NoGrad g = NoGrad.scope()) {
            again = back.callAll(inputs, false);
        }
        for (int i = 0; i < again.size(); i++) {
            assertThat(OrtRunner.relativeError(again.get(i), expected.get(i))).as(label + ": re-imported output " + i)
                    .isLessThan(TOLERANCE);
        }
        return worst;
    }

    /** {@link #check} on one input. */
    static double check(String label, Model model, Tensor input) {
        return check(label, model, List.of(input));
    }

    private static void record(String label, double err, ModelProto proto) {
        Path report = Path.of("target", "onnx-export-report.tsv");
        try {
            Files.createDirectories(report.getParent());
            List<String> ops = new ArrayList<>();
            proto.getGraph().getNodeList().forEach(n -> {
                if (!ops.contains(n.getOpType())) {
                    ops.add(n.getOpType());
                }
            });
            Files.writeString(report, label + "\t" + String.format("%.3g", err) + "\t" + proto.getGraph().getNodeCount()
                    + " nodes\t" + String.join(",", ops) + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
