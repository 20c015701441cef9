package io.cambium.nn.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cambium.Cambium;
import io.cambium.nn.Input;
import io.cambium.nn.Layer;
import io.cambium.nn.Model;
import io.cambium.nn.Sequential;
import io.cambium.nn.SymbolicTensor;
import io.cambium.nn.layers.conv.Conv1D;
import io.cambium.nn.layers.conv.Conv2D;
import io.cambium.nn.layers.conv.Conv2DTranspose;
import io.cambium.nn.layers.conv.DepthwiseConv2D;
import io.cambium.nn.layers.conv.SeparableConv2D;
import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.layers.core.Flatten;
import io.cambium.nn.layers.core.Permute;
import io.cambium.nn.layers.core.RepeatVector;
import io.cambium.nn.layers.core.Reshape;
import io.cambium.nn.layers.embedding.Embedding;
import io.cambium.nn.layers.merge.Concatenate;
import io.cambium.nn.layers.pooling.AveragePooling1D;
import io.cambium.nn.layers.pooling.AveragePooling2D;
import io.cambium.nn.layers.pooling.GlobalAveragePooling2D;
import io.cambium.nn.layers.pooling.MaxPooling1D;
import io.cambium.nn.layers.pooling.MaxPooling2D;
import io.cambium.nn.layers.recurrent.Bidirectional;
import io.cambium.nn.layers.recurrent.LSTM;
import io.cambium.nn.layers.reshaping.Cropping2D;
import io.cambium.nn.layers.reshaping.UpSampling2D;
import io.cambium.nn.layers.reshaping.ZeroPadding2D;
import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * What {@code computeOutputShape} (and so {@code summary()} and the next layer's weights) says
 * must be what the layer's op produces, for every shape-changing layer and its awkward
 * configurations; and shape arithmetic never wraps around the int range.
 */
class OutputShapeTest {
    private record Case(String name, Supplier<Layer> layer, int... inputShape) {
    }

    private static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        // Conv2DTranspose: kernel smaller than, equal to and larger than the stride, output padding.
        for (int k : new int[] {1, 2, 3, 5}) {
            for (int s : new int[] {1, 2, 3}) {
                for (String pad : new String[] {"valid", "same"}) {
                    c.add(new Case("Conv2DTranspose k" + k + " s" + s + " " + pad,
                            () -> new Conv2DTranspose(2, k).strides(s).padding(pad), 5, 4, 3));
                    if (s > 1) {
                        c.add(new Case("Conv2DTranspose k" + k + " s" + s + " " + pad + " output padding",
                                () -> new Conv2DTranspose(2, k).outputPadding(s - 1, 0).strides(s).padding(pad), 5, 4, 3));
                    }
                }
            }
        }
        for (int k : new int[] {1, 3, 4}) {
            for (int s : new int[] {1, 2, 3}) {
                for (String pad : new String[] {"valid", "same"}) {
                    c.add(new Case("Conv2D k" + k + " s" + s + " " + pad, () -> new Conv2D(2, k).strides(s).padding(pad), 7, 6, 2));
                    c.add(new Case("MaxPooling2D " + k + " s" + s + " " + pad,
                            () -> new MaxPooling2D(k).strides(s).padding(pad), 7, 6, 2));
                    c.add(new Case("AveragePooling2D " + k + " s" + s + " " + pad,
                            () -> new AveragePooling2D(k).strides(s).padding(pad), 7, 6, 2));
                    c.add(new Case("MaxPooling1D " + k + " s" + s + " " + pad,
                            () -> new MaxPooling1D(k).strides(s).padding(pad), 9, 2));
                    c.add(new Case("AveragePooling1D " + k + " s" + s + " " + pad,
                            () -> new AveragePooling1D(k).strides(s).padding(pad), 9, 2));
                    c.add(new Case("DepthwiseConv2D k" + k + " s" + s + " " + pad,
                            () -> new DepthwiseConv2D(k, 2).strides(s).padding(pad), 7, 6, 2));
                    c.add(new Case("SeparableConv2D k" + k + " s" + s + " " + pad,
                            () -> new SeparableConv2D(3, k).strides(s).padding(pad), 7, 6, 2));
                }
                c.add(new Case("Conv1D causal k" + k + " s" + s, () -> new Conv1D(2, k).strides(s).padding("causal"), 9, 2));
            }
        }
        c.add(new Case("Conv2D dilated", () -> new Conv2D(2, 3).dilationRate(2), 9, 8, 1));
        c.add(new Case("Conv1D dilated causal", () -> new Conv1D(2, 3).dilationRate(3).padding("causal"), 10, 2));
        c.add(new Case("UpSampling2D", () -> new UpSampling2D(2, 3), 3, 4, 2));
        c.add(new Case("ZeroPadding2D", () -> new ZeroPadding2D(1, 2, 0, 3), 3, 4, 2));
        c.add(new Case("Cropping2D", () -> new Cropping2D(1, 0, 2, 1), 5, 6, 2));
        c.add(new Case("Flatten", Flatten::new, 3, 4, 2));
        c.add(new Case("Reshape", () -> new Reshape(4, -1), 3, 4, 2));
        c.add(new Case("Permute", () -> new Permute(2, 1), 3, 4));
        c.add(new Case("RepeatVector", () -> new RepeatVector(3), 4));
        c.add(new Case("Dense rank 3", () -> new Dense(5), 3, 4));
        c.add(new Case("Embedding", () -> new Embedding(10, 3), 4));
        c.add(new Case("LSTM sequences", () -> new LSTM(3).returnSequences(true), 4, 2));
        c.add(new Case("Bidirectional LSTM", () -> new Bidirectional(new LSTM(3)), 4, 2));
        c.add(new Case("GlobalAveragePooling2D", GlobalAveragePooling2D::new, 3, 4, 2));
        return c;
    }

    @Test
    void theDeclaredOutputShapeIsTheComputedOne() {
        Cambium.seed(1);
        List<String> wrong = new ArrayList<>();
        for (Case k : cases()) {
            Layer l = k.layer().get();
            int[] in = new int[k.inputShape().length + 1];
            in[0] = -1;
            System.arraycopy(k.inputShape(), 0, in, 1, k.inputShape().length);
            int[] xs = in.clone();
            xs[0] = 2;
            Tensor x = k.name().equals("Embedding") ? Tensor.zeros(xs) : Tensor.uniform(Cambium.rng(), 0, 1, xs);
            Sequential m;
            try {
                m = new Sequential(l.inputShape(k.inputShape()));
            } catch (IllegalArgumentException e) {
                // A configuration the layer rejects up front must be one its op rejects too.
                assertThatThrownBy(() -> k.layer().get().apply(x)).as(k.name() + " (rejected at build: " + e.getMessage() + ")")
                        .isInstanceOf(IllegalArgumentException.class);
                continue;
            }
            int[] declared = l.computeOutputShape(in);
            int[] actual = m.predict(x).shape();
            declared[0] = 2;
            if (!Shape.same(declared, actual)) {
                wrong.add(k.name() + ": declared " + Shape.str(declared) + ", computed " + Shape.str(actual));
            }
            // A Dense after it builds for the declared size and runs on the computed one.
            Sequential withHead = new Sequential(k.layer().get().inputShape(k.inputShape()), new Flatten(), new Dense(2));
            assertThat(withHead.predict(x).shape()).as(k.name()).containsExactly(2, 2);
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void shapeArithmeticNeverWrapsAround() {
        // 65537 * 65537 = 4295098369 wraps to 131073 in int: a wrong, positive size.
        assertThatThrownBy(() -> new Sequential(new Flatten().inputShape(65537, 65537), new Dense(3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Flatten").hasMessageContaining("2^31-1");
        assertThatThrownBy(() -> new Sequential(new Reshape(-1).inputShape(65537, 65537)))
                .hasMessageContaining("Reshape").hasMessageContaining("2^31-1");
        assertThatThrownBy(() -> new Sequential(new UpSampling2D(65536).inputShape(65536, 2, 1)))
                .hasMessageContaining("UpSampling2D").hasMessageContaining("2^31-1");
        assertThatThrownBy(() -> new Sequential(new ZeroPadding2D(Integer.MAX_VALUE / 2 + 1).inputShape(2, 2, 1)))
                .hasMessageContaining("ZeroPadding2D").hasMessageContaining("2^31-1");
        assertThatThrownBy(() -> new Sequential(new Cropping2D(3).inputShape(4, 4, 1)))
                .hasMessageContaining("Cropping2D").hasMessageContaining("leaves nothing");
        assertThatThrownBy(() -> new Sequential(new Conv2DTranspose(1, 3).strides(65536).inputShape(65536, 1, 1)))
                .hasMessageContaining("2^31-1");
        assertThatThrownBy(() -> new Sequential(new DepthwiseConv2D(1, 65536).inputShape(2, 2, 65536)))
                .hasMessageContaining("DepthwiseConv2D").hasMessageContaining("2^31-1");
        // ceil((2^31 - 1) / 2) = 2^30; int arithmetic (in + s - 1) / s wrapped to a negative size.
        Layer conv = new Conv2D(1, 3).padding("same").strides(2);
        assertThat(conv.computeOutputShape(new int[] {-1, Integer.MAX_VALUE, 1, 1})).containsExactly(-1, 1 << 30, 1, 1);
        Layer pool = new MaxPooling2D(2).padding("same");
        assertThat(pool.computeOutputShape(new int[] {-1, Integer.MAX_VALUE, 1, 1})).containsExactly(-1, 1 << 30, 1, 1);
        SymbolicTensor a = Input.shape(Integer.MAX_VALUE / 2 + 1, 1);
        SymbolicTensor b = Input.shape(Integer.MAX_VALUE / 2 + 1, 1);
        assertThatThrownBy(() -> new Model(List.of(a, b), new Concatenate(1).apply(a, b)))
                .hasMessageContaining("Concatenate").hasMessageContaining("2^31-1");
    }
}
