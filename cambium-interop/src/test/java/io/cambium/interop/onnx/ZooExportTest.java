package io.cambium.interop.onnx;

import static io.cambium.interop.onnx.ExportChecks.check;
import static io.cambium.interop.onnx.ExportChecks.randomizeWeights;

import io.cambium.Cambium;
import io.cambium.nn.Layer;
import io.cambium.nn.Model;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.random.Rng;
import io.cambium.zoo.vision.LeNet;
import io.cambium.zoo.vision.MobileNetV2;
import io.cambium.zoo.vision.ResNet;
import io.cambium.zoo.vision.Vgg;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every architecture of the vision zoo exports to ONNX, and onnxruntime gives Cambium's outputs
 * within 1e-5 (relative). The suite runs each block type and option at small input sizes (the
 * graphs are those of the full models; only the spatial size and, for the deepest ResNets, the
 * stage depth differ); {@link #everyZooModelAtFullSize} runs every builder at its default
 * 224x224x3 with 1,000 classes when {@code -Dcambium.onnx.fullZoo=true} is given (see the README).
 */
class ZooExportTest {
    @BeforeEach
    void seed() {
        Cambium.seed(5);
        Layer.resetNames();
    }

    private static Tensor images(long seed, int n, int h, int w, int c) {
        return Tensor.uniform(new Rng(seed), 0, 1, n, h, w, c);
    }

    private static void exportAndCheck(String label, Model m, Tensor x) {
        randomizeWeights(m, 13);
        check(label, m, x);
    }

    @Test
    void smallImageModels() {
        exportAndCheck("zoo LeNet-5", new LeNet().build(), images(1, 2, 28, 28, 1));
        exportAndCheck("zoo ResNet-20 (small, shortcut A)", ResNet.small(20).build(), images(2, 2, 28, 28, 1));
        exportAndCheck("zoo ResNet-8 projection shortcuts", ResNet.small(8).width(8)
                .shortcuts(ResNet.Shortcut.PROJECTION_ALWAYS).build(), images(3, 2, 28, 28, 1));
        exportAndCheck("zoo plain-14 without BN", ResNet.small(14).width(4).shortcuts(ResNet.Shortcut.NONE)
                .batchNorm(false).build(), images(4, 2, 28, 28, 1));
        exportAndCheck("zoo MobileNetV2 small", MobileNetV2.small().build(), images(5, 2, 28, 28, 1));
        exportAndCheck("zoo VGG small (BN, dropout)", Vgg.small().build(), images(6, 2, 28, 28, 1));
    }

    @Test
    void imagenetArchitecturesAtSmallInputs() {
        // Narrower first stages (width 16 instead of 64) keep the weights small; the graphs are the same.
        exportAndCheck("zoo ResNet-18 64x64 width 16", ResNet.resnet18().width(16).inputShape(64, 64, 3).classes(10)
                .build(), images(7, 2, 64, 64, 3));
        exportAndCheck("zoo ResNet-50 64x64 width 16 no top, max pooling", ResNet.resnet50().width(16)
                .inputShape(64, 64, 3).includeTop(false).pooling("max").build(), images(8, 2, 64, 64, 3));
        exportAndCheck("zoo MobileNetV2 alpha 0.5 96x96", new MobileNetV2().alpha(0.5).inputShape(96, 96, 3)
                .classes(10).build(), images(9, 2, 96, 96, 3));
        exportAndCheck("zoo VGG-11 32x32 logits", Vgg.vgg11().inputShape(32, 32, 3).classes(10)
                .fullyConnected(64, 64).classifierActivation(null).build(), images(11, 2, 32, 32, 3));
    }

    /** The builders at their defaults (224x224x3, 1,000 classes): minutes and several GB, so on request. */
    @Test
    void everyZooModelAtFullSize() {
        Assumptions.assumeTrue(Boolean.getBoolean("cambium.onnx.fullZoo"),
                "full-size zoo export runs with -Dcambium.onnx.fullZoo=true");
        Map<String, Supplier<Model>> all = new LinkedHashMap<>();
        all.put("ResNet-18", () -> ResNet.resnet18().build());
        all.put("ResNet-34", () -> ResNet.resnet34().build());
        all.put("ResNet-50", () -> ResNet.resnet50().build());
        all.put("ResNet-101", () -> ResNet.resnet101().build());
        all.put("ResNet-152", () -> ResNet.resnet152().build());
        all.put("MobileNetV2", () -> new MobileNetV2().build());
        all.put("VGG-11", () -> Vgg.vgg11().build());
        all.put("VGG-13", () -> Vgg.vgg13().build());
        all.put("VGG-16", () -> Vgg.vgg16().build());
        all.put("VGG-19", () -> Vgg.vgg19().build());
        for (int depth : new int[] {20, 32, 44, 56, 110}) {
            all.put("ResNet-" + depth + " (small)", () -> ResNet.small(depth).build());
        }
        all.put("MobileNetV2 small", () -> MobileNetV2.small().build());
        all.put("VGG small", () -> Vgg.small().build());
        all.put("LeNet-5", () -> new LeNet().build());
        long seed = 100;
        for (var e : all.entrySet()) {
            Layer.resetNames();
            Model m = e.getValue().get();
            int[] in = m.inputShapes().get(0);
            exportAndCheck("zoo full " + e.getKey(), m, images(seed++, 2, in[1], in[2], in[3]));
        }
    }
}
