package io.cambium.lab.experiments;

import io.cambium.Cambium;
import io.cambium.lab.Experiment;
import io.cambium.lab.Mode;
import io.cambium.lab.Progress;
import io.cambium.lab.Result;
import io.cambium.lab.Table;
import io.cambium.lab.support.LabData;
import io.cambium.nn.Input;
import io.cambium.nn.Model;
import io.cambium.nn.SymbolicTensor;
import io.cambium.nn.layers.conv.Conv2D;
import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.layers.core.Flatten;
import io.cambium.nn.layers.pooling.MaxPooling2D;
import io.cambium.nn.losses.Losses;
import io.cambium.nn.metrics.Metrics;
import io.cambium.nn.optimizers.Adam;
import io.cambium.nn.training.FitConfig;
import io.cambium.plot.ImageGrid;
import io.cambium.tensor.Tensor;

import java.util.List;

/**
 * Question 2: a small CNN against an MLP on Fashion-MNIST (accuracy per parameter, and robustness
 * to images shifted by a few pixels), and the feature maps of its first convolution.
 */
public final class Q02Convolution implements Experiment {
    @Override
    public List<Integer> questions() {
        return List.of(2);
    }

    @Override
    public String title() {
        return "Convolution layers: a CNN against an MLP (parameters, accuracy, shifted images) and its feature maps";
    }

    @Override
    public String summary() {
        return "The textbook answer: a convolutional layer slides small learned filters over the image and produces "
                + "feature maps (edges, textures, shapes); sharing the filter across positions needs far fewer "
                + "parameters than a fully connected layer and responds to a pattern wherever it is. The experiment "
                + "trains a CNN and an MLP on the same images, counts their parameters, tests them on images shifted "
                + "by 1 to 3 pixels and shows the first layer's feature maps.";
    }

    @Override
    public Result run(Mode mode, long seed, Progress progress) {
        LabData.Split data = LabData.fashion(mode.pick(2000, 10000), 0, mode.pick(500, 5000), seed);
        int epochs = mode.pick(4, 8);
        progress.total(2 * epochs);

        Cambium.seed(seed);
        SymbolicTensor in = Input.shape(28, 28, 1);
        Conv2D first = new Conv2D(16, 3).padding("same").activation("relu");
        SymbolicTensor maps = first.apply(in);
        SymbolicTensor x = new MaxPooling2D(2).apply(maps);
        x = new Conv2D(32, 3).padding("same").activation("relu").apply(x);
        x = new MaxPooling2D(2).apply(x);
        x = new Dense(10).activation("softmax").apply(new Flatten().apply(x));
        Model cnn = new Model(in, x);

        Cambium.seed(seed);
        SymbolicTensor in2 = Input.shape(28, 28, 1);
        SymbolicTensor h = new Dense(128).activation("relu").apply(new Flatten().apply(in2));
        Model mlp = new Model(in2, new Dense(10).activation("softmax").apply(h));

        int[] shifts = {1, 2, 3};
        Table table = new Table("CNN against MLP on Fashion-MNIST; test images also shifted right and down")
                .text("model").num("params", 0).num("test acc", 3);
        for (int px : shifts) {
            table.num("shifted " + px + " px", 3);
        }
        table.num("mean drop", 3);
        for (Model m : List.of(cnn, mlp)) {
            String name = m == cnn ? "CNN (Conv 16, pool, Conv 32, pool, Dense 10)" : "MLP (Dense 128, Dense 10)";
            m.compile(new Adam(1e-3), Losses.sparseCategoricalCrossentropy(), Metrics.accuracy());
            m.fit(data.xTrain(), data.yTrain(), FitConfig.epochs(epochs).batchSize(64).quiet()
                    .callbacks(progress.epochs(name)));
            double acc = m.evaluate(data.xTest(), data.yTest()).get("accuracy");
            Object[] row = new Object[4 + shifts.length];
            row[0] = name;
            row[1] = m.countParams();
            row[2] = acc;
            double drop = 0;
            for (int k = 0; k < shifts.length; k++) {
                double a = m.evaluate(shift(data.xTest(), shifts[k]), data.yTest()).get("accuracy");
                row[3 + k] = a;
                drop += (acc - a) / shifts.length;
            }
            row[3 + shifts.length] = drop;
            table.row(row);
        }

        // The first convolution's 16 feature maps for one test image, through a model that shares its layers.
        Tensor image = data.xTest().narrow(0, 0, 1);
        Tensor fm = new Model(in, maps).predict(image);
        ImageGrid grid = new ImageGrid("A test image and the 16 feature maps of the first Conv2D (3x3 filters)").scale(3);
        grid.add(image.toArray(), 28, 28, "input");
        float[] all = fm.toArray();
        for (int c = 0; c < 16; c++) {
            float[] one = new float[28 * 28];
            for (int p = 0; p < 28 * 28; p++) {
                one[p] = all[p * 16 + c];
            }
            grid.add(one, 28, 28, "map " + (c + 1));
        }
        Result.Builder out = Result.builder()
                .setup(data.describe() + ". CNN: Conv2D 16 3x3 same ReLU, MaxPooling2D 2, Conv2D 32 3x3 same ReLU, "
                        + "MaxPooling2D 2, Flatten, Dense 10 softmax. MLP: Flatten, Dense 128 ReLU, Dense 10 softmax. "
                        + "Adam 1e-3, batch 64, " + epochs + " epochs, same seed. Shifted tests: every test image moved 1, 2 "
                        + "and 3 pixels right and as many down (zeros enter); neither network saw shifted images in "
                        + "training.")
                .table(table)
                .plot("feature_maps", "Feature maps of the first convolution for one test image.",
                        grid.columns(9).png());
        out.check("A CNN needs far fewer parameters than a fully connected network for the same task",
                table.value(0, 1) < table.value(1, 1) / 2,
                "The CNN has " + table.text(0, 1) + " parameters, the MLP " + table.text(1, 1) + ".");
        out.check("...and classifies images at least as well", table.value(0, 2) >= table.value(1, 2),
                "Test accuracy: CNN " + table.text(0, 2) + ", MLP " + table.text(1, 2) + ".");
        int drop = table.columnIndex("mean drop");
        out.check("Shared filters and pooling make the CNN less sensitive to where the object is",
                table.value(0, drop) < table.value(1, drop),
                "Shifts of 1 to 3 pixels cost the CNN " + table.text(0, drop) + " of accuracy on average and the MLP "
                        + table.text(1, drop) + " (at 1 pixel: " + table.text(0, 3) + " against " + table.text(1, 3)
                        + ").");
        return out.build();
    }

    /** Images moved {@code px} pixels right and down, zeros filling in. */
    static Tensor shift(Tensor images, int px) {
        return images.pad(new int[][] {{0, 0}, {px, 0}, {px, 0}, {0, 0}}, 0f).slice(1, 0, 28).slice(2, 0, 28);
    }
}
