package io.cambium.lab.experiments;

import io.cambium.Cambium;
import io.cambium.lab.Experiment;
import io.cambium.lab.Mode;
import io.cambium.lab.Progress;
import io.cambium.lab.Result;
import io.cambium.lab.Table;
import io.cambium.lab.support.LabData;
import io.cambium.lab.support.Series;
import io.cambium.nn.Sequential;
import io.cambium.nn.callbacks.Callback;
import io.cambium.nn.initializers.Initializer;
import io.cambium.nn.initializers.Initializers;
import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.layers.core.Flatten;
import io.cambium.nn.losses.Losses;
import io.cambium.nn.metrics.Metrics;
import io.cambium.nn.optimizers.Adam;
import io.cambium.nn.optimizers.AdamW;
import io.cambium.nn.optimizers.Optimizer;
import io.cambium.nn.optimizers.RMSprop;
import io.cambium.nn.optimizers.SGD;
import io.cambium.nn.schedules.Schedules;
import io.cambium.nn.training.FitConfig;
import io.cambium.nn.training.History;
import io.cambium.plot.LineChart;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Question 6: the levers of the training process, one at a time on the same MLP and data:
 * optimizers (SGD, momentum, Nesterov, RMSprop, Adam, AdamW), learning-rate schedules (constant,
 * step decay, cosine, warm-up + cosine), batch size and weight initialization.
 */
public final class Q06TrainingOptimization implements Experiment {
    @Override
    public List<Integer> questions() {
        return List.of(6);
    }

    @Override
    public String title() {
        return "Optimizing training: optimizers, learning-rate schedules, batch size and initialization compared";
    }

    @Override
    public String summary() {
        return "The textbook answer lists adaptive optimizers (Adam, RMSprop), momentum, learning-rate schedules, "
                + "a suitable batch size, regularization and good initialization. The experiment changes one lever at "
                + "a time on the same MLP and Fashion-MNIST sample and measures the training loss after the first "
                + "epoch and at the end, and the validation accuracy.";
    }

    /** One run: a group, a name, the optimizer, the batch size, the kernel initializer. */
    private record Setting(String group, String name, Supplier<Optimizer> optimizer, int batch, Initializer init) {
    }

    @Override
    public Result run(Mode mode, long seed, Progress progress) {
        LabData.Split data = LabData.fashion(mode.pick(1500, 8000), mode.pick(500, 2000), 0, seed);
        int epochs = mode.pick(4, 10);
        long stepsPerEpoch = (data.yTrain().length + 63) / 64;
        long totalSteps = stepsPerEpoch * epochs;
        Initializer glorot = Initializers.glorotUniform();
        List<Setting> settings = List.of(
                new Setting("optimizer", "SGD 0.01", () -> new SGD(0.01), 64, glorot),
                new Setting("optimizer", "SGD 0.01 + momentum 0.9", () -> new SGD(0.01, 0.9), 64, glorot),
                new Setting("optimizer", "SGD 0.01 + Nesterov 0.9", () -> new SGD(0.01, 0.9, true), 64, glorot),
                new Setting("optimizer", "RMSprop 1e-3", () -> new RMSprop(1e-3), 64, glorot),
                new Setting("optimizer", "Adam 1e-3", () -> new Adam(1e-3), 64, glorot),
                new Setting("optimizer", "AdamW 1e-3 (decay 0.004)", () -> new AdamW(1e-3), 64, glorot),
                new Setting("schedule", "SGD momentum, constant 0.05", () -> new SGD(0.05, 0.9), 64, glorot),
                new Setting("schedule", "SGD momentum, step decay 0.05 x0.5 per epoch",
                        () -> new SGD(Schedules.stepDecay(0.05, stepsPerEpoch, 0.5), 0.9, false), 64, glorot),
                new Setting("schedule", "SGD momentum, cosine decay from 0.05",
                        () -> new SGD(Schedules.cosineDecay(0.05, totalSteps, 0), 0.9, false), 64, glorot),
                new Setting("schedule", "SGD momentum, 1-epoch warm-up + cosine",
                        () -> new SGD(Schedules.linearWarmup(Schedules.cosineDecay(0.05, totalSteps, 0), stepsPerEpoch,
                                0.1), 0.9, false), 64, glorot),
                new Setting("batch size", "Adam, batch 16", () -> new Adam(1e-3), 16, glorot),
                new Setting("batch size", "Adam, batch 64", () -> new Adam(1e-3), 64, glorot),
                new Setting("batch size", "Adam, batch 256", () -> new Adam(1e-3), 256, glorot),
                new Setting("initialization", "SGD momentum, RandomNormal(0, 1)", () -> new SGD(0.01, 0.9), 64,
                        Initializers.randomNormal(0, 1)),
                new Setting("initialization", "SGD momentum, Glorot uniform", () -> new SGD(0.01, 0.9), 64, glorot),
                new Setting("initialization", "SGD momentum, He normal", () -> new SGD(0.01, 0.9), 64,
                        Initializers.heNormal()));
        progress.total(settings.size() * epochs);

        Map<String, Table> tables = new LinkedHashMap<>();
        Map<String, LineChart> charts = new LinkedHashMap<>();
        for (Setting s : settings) {
            Table t = tables.computeIfAbsent(s.group(), g -> new Table("Lever: " + g).text("setting")
                    .num("loss after epoch 1", 3).num("final train loss", 3).num("val acc", 3).num("seconds", 1));
            LineChart c = charts.computeIfAbsent(s.group(), g -> new LineChart("Training loss per epoch: " + g)
                    .xLabel("epoch").yLabel("loss").integerX(true));
            Cambium.seed(seed);
            Sequential model = new Sequential(new Flatten().inputShape(28, 28, 1),
                    new Dense(256).activation("relu").kernelInitializer(s.init()),
                    new Dense(128).activation("relu").kernelInitializer(s.init()),
                    new Dense(10).activation("softmax").kernelInitializer(s.init()));
            model.compile(s.optimizer().get(), Losses.sparseCategoricalCrossentropy(), Metrics.accuracy());
            long t0 = System.nanoTime();
            Callback cb = progress.epochs(s.name());
            History h = model.fit(data.xTrain(), data.yTrain(), FitConfig.epochs(epochs).batchSize(s.batch()).quiet()
                    .validationData(data.xVal(), data.yVal()).callbacks(cb));
            double[] loss = Series.of(h.get("loss"));
            t.row(s.name(), loss[0], loss[loss.length - 1], h.last("val_accuracy"), (System.nanoTime() - t0) / 1e9);
            c.series(s.name(), loss);
        }

        Result.Builder out = Result.builder()
                .setup(data.describe() + ". Model: Flatten, Dense 256 ReLU, Dense 128 ReLU, Dense 10 softmax; "
                        + epochs + " epochs; one lever changed per row, everything else as in the group's first row "
                        + "(optimizers from torch.optim-matching cambium-nn classes with Keras defaults; schedules update "
                        + "the rate every step, " + stepsPerEpoch + " steps per epoch). The training loss is the mean over "
                        + "each epoch's batches, as Keras reports it.");
        for (Table t : tables.values()) {
            out.table(t);
        }
        for (Map.Entry<String, LineChart> c : charts.entrySet()) {
            out.plot(c.getKey().replace(' ', '_'), "Training loss per epoch, lever: " + c.getKey() + ".",
                    c.getValue().png());
        }
        Table opt = tables.get("optimizer");
        out.check("Momentum speeds up SGD", opt.value(1, 2) < opt.value(0, 2),
                "Final training loss: SGD " + opt.text(0, 2) + ", with momentum " + opt.text(1, 2) + ", Nesterov "
                        + opt.text(2, 2) + ".");
        out.check("Adaptive optimizers (Adam, RMSprop) converge faster than plain SGD",
                Math.max(opt.value(3, 1), opt.value(4, 1)) < opt.value(0, 1),
                "Loss after the first epoch: Adam " + opt.text(4, 1) + ", RMSprop " + opt.text(3, 1) + ", SGD "
                        + opt.text(0, 1) + ".");
        Table sch = tables.get("schedule");
        out.check("Decaying the learning rate ends training at a lower loss than a constant rate",
                Math.min(sch.value(1, 2), sch.value(2, 2)) < sch.value(0, 2),
                "Final training loss: constant " + sch.text(0, 2) + ", step decay " + sch.text(1, 2) + ", cosine "
                        + sch.text(2, 2) + ", warm-up + cosine " + sch.text(3, 2) + ".");
        Table bs = tables.get("batch size");
        out.observed("Batch 16 ends at training loss " + bs.text(0, 2) + " in " + bs.text(0, 4) + " s, batch 64 at "
                + bs.text(1, 2) + " in " + bs.text(1, 4) + " s, batch 256 at " + bs.text(2, 2) + " in " + bs.text(2, 4)
                + " s: smaller batches take more (noisier) steps per epoch, larger ones use the cores better.");
        Table init = tables.get("initialization");
        out.check("A variance-scaled initialization (Glorot, He) trains better than a naive large random one",
                Math.max(init.value(1, 3), init.value(2, 3)) > init.value(0, 3),
                "Validation accuracy: RandomNormal(0, 1) " + init.text(0, 3) + ", Glorot " + init.text(1, 3) + ", He "
                        + init.text(2, 3) + ".");
        return out.build();
    }
}
