package io.cambium.interop.onnx;

import static io.cambium.interop.onnx.ExportChecks.check;
import static io.cambium.interop.onnx.ExportChecks.ids;
import static io.cambium.interop.onnx.ExportChecks.randn;
import static io.cambium.interop.onnx.ExportChecks.randomizeWeights;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cambium.Cambium;
import io.cambium.nn.Input;
import io.cambium.nn.Layer;
import io.cambium.nn.Model;
import io.cambium.nn.Sequential;
import io.cambium.nn.SymbolicTensor;
import io.cambium.nn.layers.attention.MultiHeadAttention;
import io.cambium.nn.layers.conv.Conv1D;
import io.cambium.nn.layers.conv.Conv2D;
import io.cambium.nn.layers.conv.Conv2DTranspose;
import io.cambium.nn.layers.conv.DepthwiseConv2D;
import io.cambium.nn.layers.conv.SeparableConv2D;
import io.cambium.nn.layers.core.Activation;
import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.layers.core.Dropout;
import io.cambium.nn.layers.core.ELU;
import io.cambium.nn.layers.core.Flatten;
import io.cambium.nn.layers.core.Lambda;
import io.cambium.nn.layers.core.LeakyReLU;
import io.cambium.nn.layers.core.PReLU;
import io.cambium.nn.layers.core.Permute;
import io.cambium.nn.layers.core.RepeatVector;
import io.cambium.nn.layers.core.Reshape;
import io.cambium.nn.layers.embedding.Embedding;
import io.cambium.nn.layers.merge.Add;
import io.cambium.nn.layers.merge.Average;
import io.cambium.nn.layers.merge.Concatenate;
import io.cambium.nn.layers.merge.Multiply;
import io.cambium.nn.layers.merge.Subtract;
import io.cambium.nn.layers.normalization.BatchNormalization;
import io.cambium.nn.layers.normalization.LayerNormalization;
import io.cambium.nn.layers.pooling.AveragePooling1D;
import io.cambium.nn.layers.pooling.AveragePooling2D;
import io.cambium.nn.layers.pooling.GlobalAveragePooling1D;
import io.cambium.nn.layers.pooling.GlobalAveragePooling2D;
import io.cambium.nn.layers.pooling.GlobalMaxPooling2D;
import io.cambium.nn.layers.pooling.MaxPooling1D;
import io.cambium.nn.layers.pooling.MaxPooling2D;
import io.cambium.nn.layers.preprocessing.Rescaling;
import io.cambium.nn.layers.recurrent.GRU;
import io.cambium.nn.layers.recurrent.LSTM;
import io.cambium.nn.layers.recurrent.SimpleRNN;
import io.cambium.nn.layers.reshaping.Cropping2D;
import io.cambium.nn.layers.reshaping.UpSampling2D;
import io.cambium.nn.layers.reshaping.ZeroPadding2D;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every exported layer runs in onnxruntime and gives Cambium's outputs within 1e-5 (relative). */
class ExportParityTest {
    @BeforeEach
    void seed() {
        Cambium.seed(7);
        Layer.resetNames();
    }

    private static Sequential seq(int[] in, Layer... layers) {
        Sequential m = new Sequential();
        m.input(in);
        for (Layer l : layers) {
            m.add(l);
        }
        randomizeWeights(m, 11);
        return m;
    }

    @Test
    void mlpWithDropoutRemovedAndDynamicBatch() {
        Sequential m = seq(new int[] {20}, new Dense(32).activation("relu"), new Dropout(0.5),
                new Dense(10).activation("softmax"));
        check("mlp batch 3", m, randn(1, 3, 20));
        check("mlp batch 7", m, randn(2, 7, 20));
        assertThat(OnnxExporter.toProto(m).getGraph().getNodeList()).noneMatch(n -> n.getOpType().equals("Dropout"));
    }

    @Test
    void fashionMnistCnn() {
        // The CLI's "cnn" preset (the W3 network) and the README's dropout.
        Sequential m = seq(new int[] {28, 28, 1}, new Conv2D(32, 3).padding("same").activation("relu"),
                new MaxPooling2D(2), new Conv2D(64, 3).padding("same").activation("relu"), new MaxPooling2D(2),
                new Flatten(), new Dense(128).activation("relu"), new Dropout(0.5), new Dense(10).activation("softmax"));
        check("fashion-mnist cnn", m, randn(3, 2, 28, 28, 1));
    }

    @ParameterizedTest
    @CsvSource({"valid,1,1,1", "same,1,1,1", "valid,2,1,1", "same,2,1,1", "same,1,2,1", "valid,1,2,1",
        "same,1,1,2", "valid,2,1,2", "same,3,1,4"})
    void conv2d(String padding, int stride, int dilation, int groups) {
        Sequential m = seq(new int[] {9, 10, 4}, new Conv2D(8, 3, 2).padding(padding).strides(stride)
                .dilationRate(dilation).groups(groups).activation("tanh"));
        check("conv2d " + padding + " s" + stride + " d" + dilation + " g" + groups, m, randn(4, 2, 9, 10, 4));
    }

    @ParameterizedTest
    @CsvSource({"valid,1,1,1", "same,2,1,1", "causal,1,2,1", "causal,1,1,2", "same,1,3,2", "valid,3,1,1"})
    void conv1d(String padding, int stride, int dilation, int groups) {
        Sequential m = seq(new int[] {13, 4}, new Conv1D(6, 3).padding(padding).strides(stride).dilationRate(dilation)
                .groups(groups).activation("relu"));
        check("conv1d " + padding + " s" + stride + " d" + dilation + " g" + groups, m, randn(5, 3, 13, 4));
    }

    @ParameterizedTest
    @CsvSource({"valid,1", "same,1", "valid,2", "same,2", "same,3"})
    void depthwiseAndSeparable(String padding, int stride) {
        Sequential d = seq(new int[] {8, 8, 3}, new DepthwiseConv2D(3, 3, 2).padding(padding).strides(stride));
        check("depthwise " + padding + " s" + stride, d, randn(6, 2, 8, 8, 3));
        Sequential s = seq(new int[] {8, 8, 3}, new SeparableConv2D(5, 3).padding(padding).strides(stride)
                .activation("relu"));
        check("separable " + padding + " s" + stride, s, randn(7, 2, 8, 8, 3));
    }

    @ParameterizedTest
    @CsvSource({"valid,1,-1", "same,1,-1", "valid,2,-1", "same,2,-1", "valid,3,-1", "same,2,1", "valid,2,1"})
    void conv2dTranspose(String padding, int stride, int outputPadding) {
        Conv2DTranspose t = new Conv2DTranspose(4, 3).padding(padding).strides(stride);
        if (outputPadding >= 0) {
            t.outputPadding(outputPadding, outputPadding);
        }
        Sequential m = seq(new int[] {5, 6, 3}, t);
        check("conv2dTranspose " + padding + " s" + stride + " op" + outputPadding, m, randn(8, 2, 5, 6, 3));
    }

    @ParameterizedTest
    @ValueSource(strings = {"valid", "same"})
    void pooling(String padding) {
        check("pool2d " + padding, seq(new int[] {7, 9, 3}, new MaxPooling2D(3, 2).strides(2, 2).padding(padding),
                new AveragePooling2D(2).padding(padding), new GlobalAveragePooling2D()), randn(9, 2, 7, 9, 3));
        check("pool1d " + padding, seq(new int[] {11, 3}, new MaxPooling1D(2).padding(padding),
                new AveragePooling1D(3).padding(padding), new GlobalAveragePooling1D()), randn(10, 2, 11, 3));
        check("global max", seq(new int[] {5, 5, 3}, new GlobalMaxPooling2D()), randn(11, 2, 5, 5, 3));
    }

    @Test
    void normalizationAndSpatialLayers() {
        Sequential m = seq(new int[] {8, 8, 3}, new Conv2D(6, 3).padding("same"), new BatchNormalization(),
                new Activation("relu"), new ZeroPadding2D(1, 2, 0, 1), new Cropping2D(1, 0, 1, 1), new UpSampling2D(2),
                new LayerNormalization(), new PReLU(), new Flatten(), new BatchNormalization(), new Dense(3));
        check("bn/ln/pad/crop/upsample", m, randn(12, 3, 8, 8, 3));
    }

    @ParameterizedTest
    @ValueSource(strings = {"relu", "relu6", "leaky_relu", "elu", "selu", "gelu", "gelu_approximate", "sigmoid",
        "hard_sigmoid", "tanh", "softmax", "log_softmax", "softplus", "softsign", "silu", "exponential", "linear"})
    void activations(String name) {
        check("activation " + name, seq(new int[] {4, 4, 5}, new Conv2D(5, 1), new Activation(name)),
                randn(13, 2, 4, 4, 5));
    }

    @Test
    void reshapingAndAdvancedActivations() {
        Sequential m = seq(new int[] {6, 4}, new Reshape(4, 6), new Permute(2, 1), new LeakyReLU(0.1), new ELU(0.7),
                new Rescaling(0.5, 0.25), new Flatten(), new RepeatVector(3), new Dense(2));
        check("reshape/permute/repeat", m, randn(14, 3, 6, 4));
    }

    @Test
    void functionalMergesAndResidual() {
        SymbolicTensor a = Input.shape(6, 6, 3);
        SymbolicTensor b = Input.shape(6, 6, 3);
        SymbolicTensor x = new Conv2D(4, 3).padding("same").activation("relu").apply(a);
        SymbolicTensor y = new Conv2D(4, 1).apply(b);
        SymbolicTensor sum = new Add().apply(x, y);
        SymbolicTensor prod = new Multiply().apply(x, y);
        SymbolicTensor diff = new Subtract().apply(sum, prod);
        SymbolicTensor avg = new Average().apply(sum, prod, diff);
        SymbolicTensor cat = new Concatenate().apply(avg, x, new BatchNormalization().apply(diff));
        SymbolicTensor flat = new Concatenate(1).apply(new GlobalAveragePooling2D().apply(cat),
                new GlobalMaxPooling2D().apply(x));
        Model m = new Model(List.of(a, b), List.of(new Dense(3).apply(flat), new Flatten().apply(avg)));
        randomizeWeights(m, 3);
        check("functional merges (2 in, 2 out)", m, List.of(randn(15, 2, 6, 6, 3), randn(16, 2, 6, 6, 3)));
    }

    @Test
    void sharedLayerAndNestedModel() {
        Sequential inner = new Sequential();
        inner.input(5);
        inner.add(new Dense(4).activation("tanh"));
        SymbolicTensor in = Input.shape(5);
        Dense shared = new Dense(5);
        SymbolicTensor h = shared.apply(shared.apply(in));
        Model m = new Model(in, new Dense(2).apply(inner.apply(h)));
        randomizeWeights(m, 5);
        check("shared layer + nested Sequential", m, randn(17, 3, 5));
    }

    @ParameterizedTest
    @CsvSource({"false,false,false", "true,false,false", "true,true,false", "false,true,true", "true,false,true"})
    void recurrent(boolean returnSequences, boolean goBackwards, boolean returnState) {
        for (Layer cell : List.of(new LSTM(5), new GRU(5), new GRU(5).resetAfter(false), new SimpleRNN(5),
                new LSTM(4).recurrentActivation("hard_sigmoid"))) {
            Layer.resetNames();
            var r = (io.cambium.nn.layers.recurrent.Recurrent<?>) cell;
            r.returnSequences(returnSequences).goBackwards(goBackwards).returnState(returnState);
            SymbolicTensor in = Input.shape(7, 3);
            Model m = new Model(List.of(in), r.applyAll(in));
            randomizeWeights(m, 19);
            check(cell.className() + " seq=" + returnSequences + " back=" + goBackwards + " state=" + returnState
                    + (cell instanceof GRU g && !g.config().get("reset_after").equals(true) ? " reset_before" : ""),
                    m, randn(18, 3, 7, 3));
        }
    }

    @Test
    void lstmClassifierOnTokenIds() {
        Sequential m = new Sequential();
        m.input(12);
        m.add(new Embedding(50, 8));
        m.add(new LSTM(16));
        m.add(new Dense(4).activation("softmax"));
        randomizeWeights(m, 23);
        check("embedding + LSTM classifier", m, ids(20, 50, 3, 12));
        assertThat(OnnxExporter.toProto(m).getGraph().getInput(0).getType().getTensorType().getElemType())
                .isEqualTo(io.cambium.interop.onnx.proto.TensorProto.DataType.INT64_VALUE);
    }

    @Test
    void multiHeadAttention() {
        SymbolicTensor q = Input.shape(6, 8);
        SymbolicTensor v = Input.shape(5, 8);
        SymbolicTensor self = new MultiHeadAttention(2, 4).useCausalMask(true).apply(q);
        SymbolicTensor cross = new MultiHeadAttention(3, 2).valueDim(3).outputShape(7).apply(self, v);
        Model m = new Model(List.of(q, v), cross);
        randomizeWeights(m, 29);
        check("multi-head attention (causal self + cross)", m, List.of(randn(21, 2, 6, 8), randn(22, 2, 5, 8)));
    }

    @Test
    void layerWithoutMappingIsNamed() {
        Sequential m = seq(new int[] {3}, new Lambda(x -> x.mul(2f)));
        assertThatThrownBy(() -> OnnxExporter.toProto(m)).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("Lambda 'lambda'").hasMessageContaining("no ONNX mapping");
    }
}
