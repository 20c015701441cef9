package io.cambium.zoo.weights;

import io.cambium.zoo.vision.MobileNetV2;
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

    /**
     * ResNet-8 at the paper's width on classes 0-4 only: the backbone of the transfer experiment
     * (to classes 5-9). The paper's width, not twice it: a quarter of the FLOPs, so that the
     * experiment's three seeds of three methods run in minutes.
     */
    static final WeightsRecipe RESNET8_W16_0TO4 = new WeightsRecipe("resnet8-w16-fashion-mnist-0to4",
            () -> ResNet.small(8).width(16).classes(5), new int[] {0, 1, 2, 3, 4}, 4, 42);

    /** MobileNetV2 (alpha 0.35, small-image strides) on the ten classes, to compare with the ResNet. */
    static final WeightsRecipe MOBILENETV2_A035 = new WeightsRecipe("mobilenetv2-a035-fashion-mnist",
            () -> MobileNetV2.small().alpha(0.35), null, 12, 42);

    private ZooWeights() {
    }

    static List<WeightsRecipe> recipes() {
        return List.of(RESNET8_W32, RESNET8_W16_0TO4, MOBILENETV2_A035);
    }

    /**
     * The weights that were made. resnet8-w16-fashion-mnist-0to4: 4 epochs on the 30,000 training
     * images of classes 0-4, test accuracy 0.9172 on their 5,000 test images; Intel Xeon (Sapphire
     * Rapids, AVX-512), 2 threads, Temurin 25, 1,509 s wall on a machine shared with other builds
     * (364 s of CPU). resnet8-w32-fashion-mnist: 12 epochs on the 60,000 training images, test
     * accuracy 0.9247 on the 10,000 test images; AMD EPYC (Zen 3, AVX2), 2 threads, Temurin 25,
     * 5,432 s of CPU (2 h 11 min wall on a machine shared with other runs).
     * mobilenetv2-a035-fashion-mnist: 12 epochs on the 60,000 training images, test accuracy 0.9255;
     * AMD EPYC (Zen 3, AVX2), 2 threads, Temurin 25, 7,939 s of user CPU (2 h 08 min wall).
     */
    static List<Pretrained> all() {
        return List.of(new Pretrained(RESNET8_W16_0TO4, 0.9172,
                        "6a09663e861bd6aeed03083de89a1dcc07a0ce15d08d7ad426448610e44609d5"),
                new Pretrained(RESNET8_W32, 0.9247,
                        "a2774881a85cdd246035c44fabbae70dff0c3c6315ccb1313a943502c69a1323"),
                new Pretrained(MOBILENETV2_A035, 0.9255,
                        "7b7bdf0bd2c7d7506fccc5ed6778a323d6be0dab70f88280199d564554d39874"));
    }
}
