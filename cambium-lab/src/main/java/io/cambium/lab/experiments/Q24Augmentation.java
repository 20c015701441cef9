package io.cambium.lab.experiments;

import io.cambium.Cambium;
import io.cambium.data.Dataset;
import io.cambium.data.Example;
import io.cambium.data.augment.ImageAugmenter;
import io.cambium.lab.Experiment;
import io.cambium.lab.Mode;
import io.cambium.lab.Progress;
import io.cambium.lab.Result;
import io.cambium.lab.Table;
import io.cambium.lab.support.LabData;
import io.cambium.nn.Sequential;
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
import io.cambium.tensor.random.Rng;

import java.util.Arrays;
import java.util.List;

/**
 * Question 24: on-the-fly image augmentation in the input pipeline for CNNs trained on small
 * Fashion-MNIST training sets, against the same CNN without augmentation.
 */
public final class Q24Augmentation implements Experiment {
    @Override
    public List<Integer> questions() {
        return List.of(24);
    }

    @Override
    public String title() {
        return "Data augmentation: a CNN on small training sets with and without on-the-fly image transforms";
    }

    @Override
    public String summary() {
        return "The textbook answer: generate new training samples by transforming the existing ones (rotations, "
                + "shifts, shear, zoom, flips for images; synonym replacement and word swaps for text; noise and shifts "
                + "for audio), on the fly so each epoch sees new variants; it matters most when data is scarce. The "
                + "experiment trains the same CNN on a few hundred images with and without image augmentation.";
    }

    @Override
    public Result run(Mode mode, long seed, Progress progress) {
        int[] sizes = mode == Mode.QUICK ? new int[] {300} : new int[] {250, 500, 1000};
        // The same number of updates for every size (about 40 epochs of 1000 images): a small set is
        // seen more often, and an augmented one needs the extra passes to draw its variants.
        int steps = mode.pick(400, 1250);
        LabData.Split data = LabData.fashion(sizes[sizes.length - 1], 0, mode.pick(500, 5000), seed);
        long imagePasses = 0; // the progress unit, so that runs of different sizes weigh what they cost
        for (int n : sizes) {
            imagePasses += 2 * epochsFor(n, steps) * n;
        }
        progress.total(imagePasses);
        // Mild transforms: Fashion-MNIST's items are centred and upright, and the test images are not moved.
        ImageAugmenter augmenter = new ImageAugmenter().rotationRange(8).widthShiftRange(0.08).heightShiftRange(0.08)
                .zoomRange(0.08).horizontalFlip(true);

        Table table = new Table("Test accuracy of the CNN after about " + steps + " updates of 32 images")
                .num("training images", 0).num("epochs", 0).num("without augmentation", 3).num("with augmentation", 3)
                .num("gain", 3).num("train acc without", 3).num("train acc with", 3);
        for (int n : sizes) {
            int epochs = epochsFor(n, steps);
            Tensor x = data.xTrain().narrow(0, 0, n);
            int[] y = Arrays.copyOf(data.yTrain(), n);
            double[] acc = new double[2];
            double[] trainAcc = new double[2];
            for (int a = 0; a < 2; a++) {
                Cambium.seed(seed);
                Sequential cnn = new Sequential(new Conv2D(32, 3).padding("same").activation("relu").inputShape(28, 28, 1),
                        new MaxPooling2D(2), new Conv2D(64, 3).padding("same").activation("relu"), new MaxPooling2D(2),
                        new Flatten(), new Dense(128).activation("relu"), new Dense(10).activation("softmax"));
                cnn.compile(new Adam(1e-3), Losses.sparseCategoricalCrossentropy(), Metrics.accuracy());
                FitConfig config = FitConfig.epochs(epochs).quiet()
                        .callbacks(progress.epochs(n + " images" + (a == 1 ? ", augmented" : ""), n));
                Dataset<Example> train = Dataset.fromTensorSlices(x, Tensor.of(y, n)).shuffle(n, seed).batch(32, false);
                if (a == 1) {
                    // On the fly: every epoch draws new transforms for every image (seeded, reproducible).
                    train = train.randomMap(seed, augmenter::apply, 1);
                }
                cnn.fit(train, config);
                acc[a] = cnn.evaluate(data.xTest(), data.yTest()).get("accuracy");
                trainAcc[a] = cnn.evaluate(x, y).get("accuracy");
            }
            table.row(n, epochs, acc[0], acc[1], acc[1] - acc[0], trainAcc[0], trainAcc[1]);
        }

        ImageGrid grid = new ImageGrid("Four training images (left column) and augmented copies of each").range(0, 1);
        Rng rng = new Rng(seed);
        for (int i = 0; i < 4; i++) {
            Tensor img = data.xTrain().narrow(0, i, 1);
            grid.add(img.toArray(), 28, 28, "original");
            for (int k = 0; k < 7; k++) {
                grid.add(augmenter.apply(img, rng).toArray(), 28, 28, "augmented");
            }
        }
        int gain = table.columnIndex("gain");
        Result.Builder out = Result.builder()
                .setup(data.describe() + " (the first N training images for each size). CNN: Conv2D 32 3x3 same ReLU, "
                        + "MaxPooling2D, Conv2D 64 3x3 same ReLU, MaxPooling2D, Flatten, Dense 128 ReLU, Dense 10 softmax; "
                        + "Adam 1e-3, batch 32, about " + steps + " updates per run (epochs = updates x 32 / images), the "
                        + "same seed. Augmentation: ImageAugmenter (rotation 8 degrees, width/height shift 0.08, zoom "
                        + "0.08, horizontal flips, nearest fill) in a cambium-data pipeline: shuffle, batch, "
                        + "randomMap(augment); the test images are not transformed.")
                .table(table)
                .plot("augmented", "Training images and augmented copies drawn by the pipeline.", grid.columns(8).png());
        for (int i = 0; i < table.rowCount(); i++) {
            out.check("Augmentation improves a CNN trained on " + table.text(i, 0) + " images", table.value(i, gain) > 0,
                    "With " + table.text(i, 0) + " training images, test accuracy goes from " + table.text(i, 2) + " to "
                            + table.text(i, 3) + " (training accuracy " + table.text(i, 5) + " -> " + table.text(i, 6) + ").");
        }
        if (table.rowCount() > 1) {
            int last = table.rowCount() - 1;
            out.check("Augmentation matters most when data is scarce", table.value(0, gain) > table.value(last, gain),
                    "The gain is " + table.text(0, gain) + " with " + table.text(0, 0) + " images and "
                            + table.text(last, gain) + " with " + table.text(last, 0) + ".");
        }
        return out.build();
    }

    private static int epochsFor(int images, int steps) {
        return Math.max(1, (int) Math.round((double) steps * 32 / images));
    }
}
