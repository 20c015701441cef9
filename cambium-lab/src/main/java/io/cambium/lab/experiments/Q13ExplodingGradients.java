package io.cambium.lab.experiments;

import io.cambium.Cambium;
import io.cambium.lab.Experiment;
import io.cambium.lab.Mode;
import io.cambium.lab.Progress;
import io.cambium.lab.Result;
import io.cambium.lab.Table;
import io.cambium.lab.support.GradientNorms;
import io.cambium.lab.support.LabData;
import io.cambium.nn.Layer;
import io.cambium.nn.Sequential;
import io.cambium.nn.Variable;
import io.cambium.nn.diagnostics.AnomalyDetection;
import io.cambium.nn.initializers.Initializers;
import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.losses.Loss;
import io.cambium.nn.losses.Losses;
import io.cambium.nn.metrics.Metrics;
import io.cambium.nn.optimizers.SGD;
import io.cambium.plot.LineChart;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.AnomalyException;
import io.cambium.tensor.random.Rng;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Question 13: a deep ReLU network initialized too large, whose gradients grow layer by layer, trained
 * by SGD without clipping, with clipping by value, by norm and by global norm, and with the proper
 * He initialization; a custom loop records the loss and the gradient norm of every step.
 */
public final class Q13ExplodingGradients implements Experiment {
    private static final int DEPTH = 8;
    private static final int WIDTH = 128;

    @Override
    public List<Integer> questions() {
        return List.of(13);
    }

    @Override
    public String title() {
        return "Exploding gradients: a deep net that diverges without clipping, against clipping by value, norm, global norm and He initialization";
    }

    @Override
    public String summary() {
        return "The textbook answer: gradients that grow layer by layer make updates so large that training "
                + "diverges; clip them (by value, by norm, by global norm), initialize the weights at the right scale "
                + "(He for ReLU) and normalize the inputs. The experiment initializes a deep ReLU network at twice "
                + "the He scale, trains it with plain SGD with and without each clipping, and with He initialization.";
    }

    /** A training variant: the initial weight scale relative to He, and the clipping of the optimizer. */
    private record Variant(String name, double initScale, String clip) {
    }

    @Override
    public Result run(Mode mode, long seed, Progress progress) {
        LabData.Split data = LabData.fashion(mode.pick(1280, 6400), 0, mode.pick(500, 2000), seed);
        int steps = mode.pick(120, 600);
        List<Variant> variants = List.of(
                new Variant("x2 He init, no clipping", 2, "none"),
                new Variant("x2 He init, clip value 0.1", 2, "value"),
                new Variant("x2 He init, clip norm 1", 2, "norm"),
                new Variant("x2 He init, clip global norm 1", 2, "global"),
                new Variant("He init, no clipping", 1, "none"));
        progress.total(variants.size() * steps);
        Loss loss = Losses.sparseCategoricalCrossentropy(true);
        int batch = 64;

        Table table = new Table("Plain SGD (lr 0.02), " + steps + " steps of " + batch + " images; gradient norms "
                + "before clipping").text("variant").sci("step-1 grad norm").sci("largest grad norm")
                .num("diverged at step", 0).num("final loss", 3).num("test acc", 3);
        Table anomalies = new Table("The first non-finite value of each diverged run (AnomalyDetection, the run replayed)")
                .text("variant").num("diverged at step", 0).text("what AnomalyDetection reports");
        LineChart lossChart = new LineChart("Training loss per step").xLabel("step").yLabel("loss").logY(true);
        LineChart normChart = new LineChart("Global gradient norm per step (before clipping)").xLabel("step")
                .yLabel("||g||").logY(true);
        for (Variant v : variants) {
            Cambium.seed(seed);
            Sequential model = network(v.initScale());
            SGD opt = optimizer(v);
            List<Variable> vars = model.trainableVariables();
            Rng order = new Rng(seed);
            int n = data.yTrain().length;
            int perEpoch = n / batch;
            int[] perm = null;
            double[] losses = new double[steps];
            double[] norms = new double[steps];
            Arrays.fill(losses, Double.NaN);
            Arrays.fill(norms, Double.NaN);
            int diverged = -1;
            double last = Double.NaN;
            List<int[]> batches = new ArrayList<>();
            for (int step = 0; step < steps; step++) {
                if (step % perEpoch == 0) {
                    perm = order.permutation(n); // a new shuffle each epoch
                }
                int start = (step % perEpoch) * batch;
                int[] idx = Arrays.copyOfRange(perm, start, start + batch);
                batches.add(idx);
                Tensor x = data.xTrain().indexSelect(0, idx);
                int[] y = new int[batch];
                for (int i = 0; i < batch; i++) {
                    y[i] = data.yTrain()[idx[i]];
                }
                // The custom loop: forward, loss, backward, measure, step.
                opt.zeroGrad(vars);
                Tensor l = loss.call(y, model.call(x, true));
                l.backward();
                double g = GradientNorms.global(vars);
                losses[step] = l.item();
                norms[step] = g;
                if (!Double.isFinite(losses[step]) || !Double.isFinite(g)) {
                    diverged = step + 1;
                    progress.advance(steps - step, v.name() + " diverged");
                    break;
                }
                opt.step(vars);
                last = losses[step];
                progress.advance(1, v.name() + ", step " + (step + 1));
            }
            if (diverged > 0) {
                anomalies.row(v.name(), diverged, replay(v, seed, data, batches, loss));
            }
            double testAcc = Double.NaN;
            if (diverged < 0) {
                model.compile(opt, loss, Metrics.accuracy());
                testAcc = model.evaluate(data.xTest(), data.yTest()).get("accuracy");
            }
            double largest = 0;
            for (double g : norms) {
                largest = Double.isNaN(g) ? largest : Math.max(largest, g);
            }
            table.row(v.name(), norms[0], Double.isFinite(largest) ? largest : Double.POSITIVE_INFINITY,
                    diverged < 0 ? null : (Object) (double) diverged, diverged < 0 ? last : Double.NaN, testAcc);
            double[] xs = new double[steps];
            for (int i = 0; i < steps; i++) {
                xs[i] = i + 1;
            }
            lossChart.series(v.name(), xs, losses);
            normChart.series(v.name(), xs, norms);
        }

        int div = table.columnIndex("diverged at step");
        int fin = table.columnIndex("final loss");
        int acc = table.columnIndex("test acc");
        Result.Builder out = Result.builder()
                .setup(data.describe() + ". Network: Flatten, " + DEPTH + " Dense layers of " + WIDTH + " ReLU units, Dense 10 "
                        + "producing logits (the loss is sparse cross-entropy from logits). The exploding variants draw every kernel from N(0, (2 x He std)^2), so each ReLU "
                        + "layer doubles the scale of the signal and of the gradient; the last variant uses He-normal "
                        + "initialization. A custom loop (zeroGrad, loss, backward, global gradient norm, step) runs "
                        + steps + " steps of plain SGD (lr 0.02) with the optimizer's clipping: clipValue(0.1), "
                        + "clipNorm(1) per variable, or globalClipNorm(1). A run counts as diverged at the first step whose "
                        + "loss or gradient is not finite. Inputs are already scaled to [0, 1].")
                .table(table)
                .plot("loss", "Training loss per step (log scale); a line that stops is a run that diverged.", lossChart.png())
                .plot("grad_norm", "Global gradient norm per step, measured before clipping (log scale).", normChart.png());
        if (anomalies.rowCount() > 0) {
            out.table(anomalies);
        }
        for (int i = 0; i < anomalies.rowCount(); i++) {
            out.observed("cambium-nn's AnomalyDetection, replaying " + anomalies.text(i, 0) + " to step "
                    + anomalies.text(i, 1) + ", names the first non-finite value: " + anomalies.text(i, 2) + ".");
        }
        boolean baseDiverged = !table.text(0, div).equals("–");
        out.check("Without clipping, exploding gradients make training diverge", baseDiverged,
                baseDiverged ? "The x2-initialized network without clipping starts with gradient norm " + table.text(0, 1)
                        + " and diverges at step " + table.text(0, div) + "."
                        : "The x2-initialized network without clipping did not diverge in " + steps + " steps (final loss "
                        + table.text(0, fin) + ", first gradient norm " + table.text(0, 1) + ").");
        for (int i = 1; i <= 3; i++) {
            boolean stable = table.text(i, div).equals("–");
            out.check(table.text(i, 0).replace("x2 He init, ", "") + " keeps the same network trainable", stable,
                    stable ? table.text(i, 0) + ": no divergence, final loss " + table.text(i, fin) + ", test accuracy "
                            + table.text(i, acc) + "."
                            : table.text(i, 0) + " still diverged at step " + table.text(i, div) + ".");
        }
        out.check("He initialization avoids the explosion without any clipping", table.text(4, div).equals("–")
                        && table.value(4, 1) < table.value(0, 1) / 10,
                "With He initialization the first gradient norm is " + table.text(4, 1) + " (against " + table.text(0, 1)
                        + "), final loss " + table.text(4, fin) + ", test accuracy " + table.text(4, acc) + ".");
        return out.build();
    }

    /** Plain SGD (lr 0.02) with the variant's clipping. */
    private static SGD optimizer(Variant v) {
        SGD opt = new SGD(0.02);
        switch (v.clip()) {
            case "value" -> opt.clipValue(0.1);
            case "norm" -> opt.clipNorm(1.0);
            case "global" -> opt.globalClipNorm(1.0);
            default -> { }
        }
        return opt;
    }

    /**
     * Runs a diverged variant again from the same initial weights on the same batches with
     * anomaly detection on, and returns what it reports: the pass, the operation and the layer of
     * the first NaN or infinity.
     */
    private static String replay(Variant v, long seed, LabData.Split data, List<int[]> batches, Loss loss) {
        Cambium.seed(seed);
        Sequential model = network(v.initScale());
        SGD opt = optimizer(v);
        List<Variable> vars = model.trainableVariables();
        try (AnomalyDetection anomaly = AnomalyDetection.on(model)) {
            for (int[] idx : batches) {
                int[] y = new int[idx.length];
                for (int i = 0; i < idx.length; i++) {
                    y[i] = data.yTrain()[idx[i]];
                }
                opt.zeroGrad(vars);
                loss.call(y, model.call(data.xTrain().indexSelect(0, idx), true)).backward();
                opt.step(vars);
            }
        } catch (AnomalyException e) {
            return (e.phase() == AnomalyException.Phase.BACKWARD ? "backward" : "forward") + " pass, operation "
                    + e.op() + (e.origin() == null ? "" : " in " + e.origin());
        }
        return "nothing (the replay stayed finite)";
    }

    private static Sequential network(double scale) {
        List<Layer> layers = new ArrayList<>();
        layers.add(new io.cambium.nn.layers.core.Flatten().inputShape(28, 28, 1));
        int fanIn = 784;
        for (int i = 0; i < DEPTH; i++) {
            double he = Math.sqrt(2.0 / fanIn);
            layers.add(new Dense(WIDTH).activation("relu").kernelInitializer(scale == 1 ? Initializers.heNormal()
                    : Initializers.randomNormal(0, scale * he)));
            fanIn = WIDTH;
        }
        // Logits out, loss from logits: a softmax whose probabilities are clipped (Keras's 1e-7) would
        // saturate and return zero gradients instead of exploding ones.
        layers.add(new Dense(10));
        return new Sequential(layers.toArray(new Layer[0]));
    }
}
