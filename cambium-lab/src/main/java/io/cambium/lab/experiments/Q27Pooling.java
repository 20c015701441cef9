package io.cambium.lab.experiments;

import io.cambium.Cambium;
import io.cambium.lab.Experiment;
import io.cambium.lab.Mode;
import io.cambium.lab.Progress;
import io.cambium.lab.Result;
import io.cambium.lab.Table;
import io.cambium.lab.support.LabData;
import io.cambium.nn.Layer;
import io.cambium.nn.Sequential;
import io.cambium.nn.layers.conv.Conv2D;
import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.layers.core.Flatten;
import io.cambium.nn.layers.pooling.AveragePooling2D;
import io.cambium.nn.layers.pooling.GlobalAveragePooling2D;
import io.cambium.nn.layers.pooling.GlobalMaxPooling2D;
import io.cambium.nn.layers.pooling.MaxPooling2D;
import io.cambium.nn.losses.Losses;
import io.cambium.nn.metrics.Metrics;
import io.cambium.nn.optimizers.Adam;
import io.cambium.nn.training.FitConfig;
import io.cambium.tensor.Tensor;

import java.util.List;
import java.util.function.Supplier;

/**
 * Question 27: pooling choices after the same convolutions: max, average, none, a strided
 * convolution instead, and global average or max pooling before the classifier; parameters,
 * accuracy and robustness to images shifted by 2 pixels.
 */
public final class Q27Pooling implements Experiment {
    @Override
    public List<Integer> questions() {
        return List.of(27);
    }

    @Override
    public String title() {
        return "Pooling design: max, average, none, strided convolution and global pooling compared";
    }

    @Override
    public String summary() {
        return "The textbook answer: pooling shrinks the feature maps (fewer parameters and computations after it) "
                + "and makes features tolerant of small translations; max pooling keeps the strongest response, "
                + "average pooling the mean, global pooling collapses each map to one number. The experiment puts "
                + "each choice into the same CNN and measures parameters, accuracy and the accuracy on shifted images.";
    }

    @Override
    public Result run(Mode mode, long seed, Progress progress) {
        LabData.Split data = LabData.fashion(mode.pick(1200, 4000), 0, mode.pick(500, 5000), seed);
        int epochs = mode.pick(3, 5);
        String[] names = {"MaxPooling2D 2", "AveragePooling2D 2", "no pooling", "strided conv (stride 2)",
            "GlobalAveragePooling2D head", "GlobalMaxPooling2D head"};
        List<Supplier<Layer[]>> designs = List.of(
                () -> block(new MaxPooling2D(2), new MaxPooling2D(2), new Flatten()),
                () -> block(new AveragePooling2D(2), new AveragePooling2D(2), new Flatten()),
                () -> block(null, null, new Flatten()),
                () -> new Layer[] {new Conv2D(32, 3).strides(2).padding("same").activation("relu").inputShape(28, 28, 1),
                    new Conv2D(64, 3).strides(2).padding("same").activation("relu"), new Flatten(),
                    new Dense(10).activation("softmax")},
                () -> block(new MaxPooling2D(2), null, new GlobalAveragePooling2D()),
                () -> block(new MaxPooling2D(2), null, new GlobalMaxPooling2D()));
        progress.total(designs.size() * epochs);
        Tensor shifted = Q02Convolution.shift(data.xTest(), 2);

        Table table = new Table("Conv2D 32 3x3, [pool], Conv2D 64 3x3, [pool], head, Dense 10").text("pooling")
                .num("params", 0).num("test acc", 3).num("test acc, shifted 2 px", 3).num("drop", 3);
        for (int i = 0; i < names.length; i++) {
            Cambium.seed(seed);
            Sequential model = new Sequential(designs.get(i).get());
            model.compile(new Adam(1e-3), Losses.sparseCategoricalCrossentropy(), Metrics.accuracy());
            model.fit(data.xTrain(), data.yTrain(), FitConfig.epochs(epochs).batchSize(64).quiet()
                    .callbacks(progress.epochs(names[i])));
            double acc = model.evaluate(data.xTest(), data.yTest()).get("accuracy");
            double accShifted = model.evaluate(shifted, data.yTest()).get("accuracy");
            table.row(names[i], model.countParams(), acc, accShifted, acc - accShifted);
        }
        Result.Builder out = Result.builder()
                .setup(data.describe() + ". Conv2D layers 'same' with ReLU; Adam 1e-3, batch 64, " + epochs + " epochs, "
                        + "the same seed. Shifted test: the test images moved 2 pixels right and down.")
                .table(table);
        out.check("Pooling cuts the parameters of the classifier behind it", table.value(0, 1) < table.value(2, 1) / 4,
                "With two 2x2 max poolings the CNN has " + table.text(0, 1) + " parameters, without pooling "
                        + table.text(2, 1) + ".");
        out.check("Pooling makes the network more tolerant of small shifts", table.value(0, 4) < table.value(2, 4),
                "A 2-pixel shift costs " + table.text(0, 4) + " of accuracy with max pooling and " + table.text(2, 4)
                        + " without pooling.");
        out.check("Global pooling heads keep accuracy with a fraction of the parameters",
                Math.max(table.value(4, 2), table.value(5, 2)) >= table.value(0, 2) - 0.05,
                "Global average pooling: " + table.text(4, 1) + " parameters, accuracy " + table.text(4, 2)
                        + "; global max: " + table.text(5, 2) + "; flatten after max pooling: " + table.text(0, 2) + ".");
        out.observed("Max pooling reaches " + table.text(0, 2) + ", average pooling " + table.text(1, 2)
                + ", a strided convolution " + table.text(3, 2) + ".");
        return out.build();
    }

    private static Layer[] block(Layer pool1, Layer pool2, Layer head) {
        java.util.List<Layer> l = new java.util.ArrayList<>();
        l.add(new Conv2D(32, 3).padding("same").activation("relu").inputShape(28, 28, 1));
        if (pool1 != null) {
            l.add(pool1);
        }
        l.add(new Conv2D(64, 3).padding("same").activation("relu"));
        if (pool2 != null) {
            l.add(pool2);
        }
        l.add(head);
        l.add(new Dense(10).activation("softmax"));
        return l.toArray(new Layer[0]);
    }
}
