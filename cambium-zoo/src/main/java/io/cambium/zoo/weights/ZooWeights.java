package io.cambium.zoo.weights;

import io.cambium.zoo.vision.ResNet;
import java.util.List;

/**
 * The registry's content: the recipes of the weights Cambium trains itself, and the entries of
 * those that were made, with the test accuracy and SHA-256 of the run that made them (CPU, JDK,
 * thread count and wall time of each run in the module's README).
 */
final class ZooWeights {
    /** ResNet-8 at twice the paper's width, on the ten classes. */
    static final WeightsRecipe RESNET8_W32 = new WeightsRecipe("resnet8-w32-fashion-mnist",
            () -> ResNet.small(8).width(32), null, 12, 42);

    /** The same network on classes 0-4 only: the backbone of the transfer experiment (to classes 5-9). */
    static final WeightsRecipe RESNET8_W32_0TO4 = new WeightsRecipe("resnet8-w32-fashion-mnist-0to4",
            () -> ResNet.small(8).width(32).classes(5), new int[] {0, 1, 2, 3, 4}, 6, 42);

    private ZooWeights() {
    }

    static List<WeightsRecipe> recipes() {
        return List.of(RESNET8_W32, RESNET8_W32_0TO4);
    }

    static List<Pretrained> all() {
        return List.of();
    }
}
