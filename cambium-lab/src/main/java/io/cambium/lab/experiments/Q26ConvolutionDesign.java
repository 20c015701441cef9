package io.cambium.lab.experiments;

import io.cambium.Cambium;
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

import java.util.Arrays;
import java.util.List;

/**
 * Question 26: the options of a convolution layer, one at a time: kernel size, number of filters,
 * stride, padding valid/same and dilation; output shape, parameters, FLOPs, receptive field,
 * time and accuracy of the same two-layer CNN.
 */
public final class Q26ConvolutionDesign implements Experiment {
    @Override
    public List<Integer> questions() {
        return List.of(26);
    }

    @Override
    public String title() {
        return "Convolution design: kernel size, filters, stride, padding and dilation measured";
    }

    @Override
    public String summary() {
        return "The textbook answer: choose the kernel size (3x3 is common), the number of filters (growing with "
                + "depth), the stride (larger strides shrink the feature maps), the padding ('same' keeps the size, "
                + "'valid' shrinks it) and dilation (a wider view for the same weights). The experiment varies each "
                + "option of the first convolution of a small CNN and measures shapes, parameters, FLOPs, receptive "
                + "field, training time and accuracy.";
    }

    /** A first-layer configuration: filters, kernel, stride, padding, dilation. */
    private record Conv(String name, int filters, int kernel, int stride, String padding, int dilation) {
        Conv2D layer() {
            return new Conv2D(filters, kernel).strides(stride).padding(padding).dilationRate(dilation)
                    .activation("relu");
        }

        int receptiveField() {
            return (kernel - 1) * dilation + 1;
        }
    }

    @Override
    public Result run(Mode mode, long seed, Progress progress) {
        LabData.Split data = LabData.fashion(mode.pick(1500, 6000), 0, mode.pick(500, 5000), seed);
        int epochs = mode.pick(3, 6);
        List<Conv> configs = List.of(
                new Conv("3x3, 32 filters, same (reference)", 32, 3, 1, "same", 1),
                new Conv("5x5 kernel", 32, 5, 1, "same", 1),
                new Conv("7x7 kernel", 32, 7, 1, "same", 1),
                new Conv("8 filters", 8, 3, 1, "same", 1),
                new Conv("padding valid", 32, 3, 1, "valid", 1),
                new Conv("stride 2", 32, 3, 2, "same", 1),
                new Conv("dilation 2", 32, 3, 1, "same", 2));
        progress.total(configs.size() * epochs);

        Table table = new Table("First convolution varied, then MaxPooling2D, Conv2D 32 3x3, MaxPooling2D, Dense 10")
                .text("first convolution").text("its output").num("its params", 0).num("its receptive field", 0)
                .num("model MFLOPs", 2).num("s per epoch", 1).num("test acc", 3);
        for (Conv c : configs) {
            Cambium.seed(seed);
            Conv2D first = c.layer();
            Sequential model = new Sequential(first.inputShape(28, 28, 1), new MaxPooling2D(2),
                    new Conv2D(32, 3).padding("same").activation("relu"), new MaxPooling2D(2), new Flatten(),
                    new Dense(10).activation("softmax"));
            model.compile(new Adam(1e-3), Losses.sparseCategoricalCrossentropy(), Metrics.accuracy());
            long t0 = System.nanoTime();
            model.fit(data.xTrain(), data.yTrain(), FitConfig.epochs(epochs).batchSize(64).quiet()
                    .callbacks(progress.epochs(c.name())));
            double perEpoch = (System.nanoTime() - t0) / 1e9 / epochs;
            int[] shape = first.computeOutputShape(new int[] {-1, 28, 28, 1});
            table.row(c.name(), Arrays.toString(Arrays.copyOfRange(shape, 1, 4)), first.countParams(), c.receptiveField(),
                    model.flops(List.of(new int[] {1, 28, 28, 1})) / 1e6, perEpoch,
                    model.evaluate(data.xTest(), data.yTest()).get("accuracy"));
        }
        int params = table.columnIndex("its params");
        int flops = table.columnIndex("model MFLOPs");
        int acc = table.columnIndex("test acc");
        Result.Builder out = Result.builder()
                .setup(data.describe() + ". Adam 1e-3, batch 64, " + epochs + " epochs, the same seed. Output shapes from "
                        + "computeOutputShape, parameters from countParams, FLOPs from the model's flops() for one image.")
                .table(table);
        out.check("A k x k kernel costs k^2 x in x filters + filters parameters",
                table.value(1, params) == 5 * 5 * 32 + 32 && table.value(2, params) == 7 * 7 * 32 + 32,
                "The 5x5 layer holds " + table.text(1, params) + " parameters and the 7x7 layer " + table.text(2, params)
                        + " against " + table.text(0, params) + " for 3x3.");
        out.check("'valid' padding shrinks the feature map, 'same' keeps it",
                table.text(4, 1).startsWith("[26, 26") && table.text(0, 1).startsWith("[28, 28"),
                "With valid padding the first layer outputs " + table.text(4, 1) + ", with same " + table.text(0, 1) + ".");
        out.check("A stride of 2 quarters the feature map and the compute after it", table.value(5, flops) < table.value(0, flops) / 2,
                "Stride 2 gives " + table.text(5, 1) + " and " + table.text(5, flops) + " MFLOPs against "
                        + table.text(0, flops) + "; test accuracy " + table.text(5, acc) + " against " + table.text(0, acc) + ".");
        out.check("Dilation widens the view without adding weights",
                table.value(6, params) == table.value(0, params) && table.value(6, 3) > table.value(0, 3),
                "Dilation 2 sees " + table.text(6, 3) + " x " + table.text(6, 3) + " pixels with the same "
                        + table.text(6, params) + " parameters (test accuracy " + table.text(6, acc) + ").");
        out.observed("Test accuracy: 3x3 " + table.text(0, acc) + ", 5x5 " + table.text(1, acc) + ", 7x7 " + table.text(2, acc)
                + ", 8 filters " + table.text(3, acc) + ".");
        return out.build();
    }
}
