package io.cambium.lab.experiments;

import io.cambium.Cambium;
import io.cambium.lab.Experiment;

import io.cambium.lab.Mode;
import io.cambium.lab.Progress;
import io.cambium.lab.Result;
import io.cambium.lab.Table;
import io.cambium.lab.support.GradientNorms;
import io.cambium.lab.support.LabData;
import io.cambium.lab.support.Series;
import io.cambium.nn.Input;
import io.cambium.nn.Model;
import io.cambium.nn.SymbolicTensor;
import io.cambium.nn.diagnostics.GradientHealth;
import io.cambium.nn.diagnostics.GradientProbe;
import io.cambium.nn.diagnostics.GradientReport;
import io.cambium.nn.initializers.Initializers;
import io.cambium.nn.layers.core.Activation;
import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.layers.core.Flatten;
import io.cambium.nn.layers.merge.Add;
import io.cambium.nn.layers.normalization.BatchNormalization;
import io.cambium.nn.losses.Loss;
import io.cambium.nn.losses.Losses;
import io.cambium.nn.metrics.Metrics;
import io.cambium.nn.optimizers.Adam;
import io.cambium.nn.optimizers.Optimizer;
import io.cambium.nn.optimizers.SGD;
import io.cambium.nn.training.FitConfig;
import io.cambium.nn.training.History;
import io.cambium.plot.LineChart;
import io.cambium.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * Question 12: the gradient norm of every layer of a 10-layer network at initialization, for
 * sigmoid, ReLU with He initialization, sigmoid with BatchNormalization and ReLU with residual
 * connections; then how fast each one trains.
 */
public final class Q12VanishingGradients implements Experiment {
    private static final int DEPTH = 10;
    private static final int WIDTH = 64;

    @Override
    public List<Integer> questions() {
        return List.of(12);
    }

    @Override
    public String title() {
        return "Vanishing gradients: per-layer gradient norms of a deep sigmoid net against ReLU, BatchNorm and residual connections";
    }

    @Override
    public String summary() {
        return "The textbook answer: in a deep network of saturating activations (sigmoid) the gradient shrinks "
                + "layer by layer on its way back, so the first layers barely learn; ReLU-family activations with a "
                + "matching initialization, batch normalization, residual connections and adaptive optimizers such "
                + "as Adam counter it. The experiment measures each layer's gradient norm at initialization and the "
                + "training loss reached with each remedy.";
    }

    /** A network variant: activation, initializer, BatchNorm, residual connections, optimizer. */
    private record Variant(String name, String activation, boolean he, boolean batchNorm, boolean residual, boolean adam) {
    }

    @Override
    public Result run(Mode mode, long seed, Progress progress) {
        LabData.Split data = LabData.fashion(mode.pick(1000, 5000), 0, mode.pick(500, 2000), seed);
        int epochs = mode.pick(3, 10);
        List<Variant> variants = List.of(
                new Variant("sigmoid (Glorot)", "sigmoid", false, false, false, false),
                new Variant("ReLU (He)", "relu", true, false, false, false),
                new Variant("sigmoid + BatchNorm", "sigmoid", false, true, false, false),
                new Variant("ReLU + residual", "relu", true, false, true, false),
                new Variant("sigmoid, Adam", "sigmoid", false, false, false, true));
        progress.total(variants.size() * (epochs + 1));
        Loss loss = Losses.sparseCategoricalCrossentropy();
        Tensor batch = data.xTrain().narrow(0, 0, 256);
        int[] batchLabels = java.util.Arrays.copyOf(data.yTrain(), 256);

        Table norms = new Table("Gradient norm of each Dense kernel at initialization (one batch of 256)").num("layer", 0);
        Table summary = new Table("First layer against last hidden layer, and training").text("network")
                .sci("first-layer grad").sci("last-hidden grad").sci("first / last").text("GradientReport")
                .num("vanishing layers", 0).num("train loss after", 3)
                .num("test acc", 3);
        LineChart perLayer = new LineChart("Gradient norm per layer at initialization").xLabel("Dense layer (1 = input side)")
                .yLabel("||dL/dW||").logY(true).integerX(true);
        LineChart curves = new LineChart("Training loss per epoch").xLabel("epoch").yLabel("loss").integerX(true);
        List<double[]> columns = new ArrayList<>();
        for (Variant v : variants) {
            progress.message(v.name() + ": gradients");
            Cambium.seed(seed);
            Model model = network(v);
            Optimizer opt = v.adam() ? new Adam(1e-3) : new SGD(0.05, 0.9);
            model.compile(opt, loss, Metrics.accuracy());
            List<GradientNorms.LayerNorm> g = GradientNorms.kernels(model, batch, batchLabels);
            GradientReport diagnosis = GradientProbe.report(model, batch, batchLabels);
            double[] n = new double[g.size()];
            for (int i = 0; i < n.length; i++) {
                n[i] = g.get(i).norm();
            }
            columns.add(n);
            if (!v.adam()) {
                perLayer.series(v.name(), Series.oneTo(n.length), n);
            }
            progress.advance(1, v.name() + ": training");
            History h = model.fit(data.xTrain(), data.yTrain(), FitConfig.epochs(epochs).batchSize(64).quiet()
                    .callbacks(progress.epochs(v.name())));
            double testAcc = model.evaluate(data.xTest(), data.yTest()).get("accuracy");
            summary.row(v.name(), n[0], n[DEPTH - 1], n[0] / n[DEPTH - 1], diagnosis.overall().name().toLowerCase(
                    java.util.Locale.ROOT), diagnosis.layersWith(GradientHealth.VANISHING).size(), h.last("loss"), testAcc);
            curves.series(v.name(), Series.of(h.get("loss")));
        }
        int shown = variants.size() - 1; // the Adam variant has the sigmoid network's initial gradients
        for (int k = 0; k < shown; k++) {
            norms.sci(variants.get(k).name());
        }
        for (int layer = 0; layer < columns.get(0).length; layer++) {
            Object[] row = new Object[shown + 1];
            row[0] = layer + 1;
            for (int k = 0; k < shown; k++) {
                row[k + 1] = columns.get(k)[layer];
            }
            norms.row(row);
        }

        int ratio = summary.columnIndex("first / last");
        int lossCol = summary.columnIndex("train loss after");
        int acc = summary.columnIndex("test acc");
        Result.Builder out = Result.builder()
                .setup(data.describe() + ". Networks: Flatten, then " + DEPTH + " Dense layers of " + WIDTH + " units, then "
                        + "Dense 10 softmax. Sigmoid layers use Keras's default Glorot-uniform initialization, ReLU "
                        + "layers He-normal; BatchNorm (momentum 0.9, so its moving statistics settle within a short run) "
                        + "sits between each Dense and its activation; the residual variant adds each hidden layer's "
                        + "input to its output (x + relu(Wx + b)) from the second layer on, the branch initialized at "
                        + "He / sqrt(" + DEPTH + "). Gradient norms: one forward and backward pass on 256 training images at initialization, "
                        + "measured by cambium-nn's GradientProbe (the norm over each Dense layer's kernel and bias) and judged by its "
                        + "GradientReport (a layer whose gradient RMS is below 1e-3 of the largest layer's is vanishing). "
                        + "Training: SGD (lr 0.05, momentum 0.9) or Adam 1e-3 for the last variant, " + epochs
                        + " epochs, batch 64; every network is built right after Cambium.seed(seed).")
                .table(summary).table(norms)
                .plot("per_layer", "Gradient norm of each Dense kernel at initialization (log scale).", perLayer.png())
                .plot("loss", "Training loss per epoch.", curves.png());
        out.check("Gradients vanish toward the input of a deep sigmoid network", summary.value(0, ratio) < 0.01,
                "In the sigmoid network the first layer's gradient is " + summary.text(0, ratio) + " times the last hidden "
                        + "layer's (" + summary.text(0, 1) + " against " + summary.text(0, 2) + ").");
        for (int i = 1; i <= 3; i++) {
            out.check(summary.text(i, 0) + " keeps the gradient of the first layers alive",
                    summary.value(i, ratio) > 10 * summary.value(0, ratio),
                    summary.text(i, 0) + ": first / last = " + summary.text(i, ratio) + " against "
                            + summary.text(0, ratio) + " for sigmoid.");
        }
        for (int i = 1; i < summary.rowCount(); i++) {
            out.check(summary.text(i, 0) + " trains faster than the plain sigmoid network",
                    summary.value(i, lossCol) < summary.value(0, lossCol),
                    "Training loss after " + epochs + " epochs: " + summary.text(i, 0) + " " + summary.text(i, lossCol)
                            + ", sigmoid " + summary.text(0, lossCol) + " (test accuracy " + summary.text(i, acc) + " vs "
                            + summary.text(0, acc) + ").");
        }
        int verdict = summary.columnIndex("GradientReport");
        int vanishing = summary.columnIndex("vanishing layers");
        out.check("The diagnostics flag the sigmoid network's gradients as vanishing, not the ReLU (He) network's",
                summary.text(0, verdict).equals("vanishing") && summary.value(1, vanishing) == 0,
                "cambium-nn's GradientReport on the same batch: sigmoid " + summary.text(0, verdict) + " ("
                        + summary.text(0, vanishing) + " vanishing layers), ReLU (He) " + summary.text(1, verdict) + " ("
                        + summary.text(1, vanishing) + "), sigmoid + BatchNorm " + summary.text(2, verdict) + " ("
                        + summary.text(2, vanishing) + "), ReLU + residual " + summary.text(3, verdict) + " ("
                        + summary.text(3, vanishing) + ").");
        return out.build();
    }

    /** The network of a variant, built with the functional API so the residual variant can add shortcuts. */
    private static Model network(Variant v) {
        SymbolicTensor in = Input.shape(28, 28, 1);
        SymbolicTensor x = new Flatten().apply(in);
        for (int i = 0; i < DEPTH; i++) {
            boolean branch = v.residual() && i > 0;
            // A residual branch starts small (He scaled by 1/sqrt(depth)), or the sum x + f(x) doubles
            // its variance at every block and saturates the softmax.
            Dense dense = new Dense(WIDTH).kernelInitializer(branch
                    ? Initializers.randomNormal(0, Math.sqrt(2.0 / WIDTH / DEPTH))
                    : v.he() ? Initializers.heNormal() : Initializers.glorotUniform());
            SymbolicTensor h = dense.apply(x);
            if (v.batchNorm()) {
                h = new BatchNormalization().momentum(0.9).apply(h);
            }
            h = new Activation(v.activation()).apply(h);
            x = branch ? new Add().apply(x, h) : h;
        }
        SymbolicTensor outp = new Dense(10).activation("softmax").apply(x);
        return new Model(in, outp);
    }

}
