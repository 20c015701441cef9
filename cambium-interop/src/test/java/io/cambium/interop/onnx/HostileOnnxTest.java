package io.cambium.interop.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.google.protobuf.ByteString;
import io.cambium.interop.onnx.proto.GraphProto;
import io.cambium.interop.onnx.proto.ModelProto;
import io.cambium.interop.onnx.proto.NodeProto;
import io.cambium.interop.onnx.proto.OperatorSetIdProto;
import io.cambium.interop.onnx.proto.StringStringEntryProto;
import io.cambium.interop.onnx.proto.TensorProto;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.NoGrad;
import io.cambium.tensor.random.Rng;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Truncated, damaged and hostile ONNX files are rejected with a message: no OutOfMemoryError, hang or read outside the folder. */
class HostileOnnxTest {
    @TempDir
    Path dir;

    private static ModelProto model(GraphProto.Builder g) {
        return ModelProto.newBuilder().setIrVersion(8).addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(17))
                .setGraph(g).build();
    }

    private static GraphProto.Builder graph() {
        return GraphProto.newBuilder().setName("g")
                .addInput(OnnxExporter.valueInfo("x", new int[] {-1, 4}, TensorProto.DataType.FLOAT_VALUE, true))
                .addOutput(OnnxExporter.valueInfo("y", new int[] {-1, 4}, TensorProto.DataType.FLOAT_VALUE, false));
    }

    private static NodeProto node(String op, List<String> in, String out) {
        return NodeProto.newBuilder().setOpType(op).setName(op.toLowerCase() + "_" + out).addAllInput(in).addOutput(out).build();
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    private static Tensor run(OnnxModel m) {
        try (NoGrad g = NoGrad.scope()) {
            return m.predict(Tensor.ones(2, 4), 2);
        }
    }

    @Test
    void truncatedFilesAreRejectedAtEveryLength() throws IOException {
        byte[] full = Files.readAllBytes(Fixtures.path("onnx/cnn_bn.onnx"));
        int rejected = 0;
        for (int i = 0; i < 400; i++) {
            int len = (int) ((long) full.length * i / 400);
            Path p = write("cut.onnx", java.util.Arrays.copyOf(full, len));
            try {
                OnnxImporter.load(p);
                fail("a file cut to " + len + " of " + full.length + " bytes loaded");
            } catch (OnnxFormatException e) {
                assertThat(e.getMessage()).startsWith("cut.onnx: ");
                rejected++;
            }
        }
        assertThat(rejected).isEqualTo(400);
    }

    @Test
    void randomlyDamagedFilesFailWithMessagesOnly() throws IOException {
        byte[] full = Files.readAllBytes(Fixtures.path("onnx/mlp.onnx"));
        Rng rng = new Rng(5);
        int loaded = 0;
        for (int trial = 0; trial < 300; trial++) {
            byte[] b = full.clone();
            int flips = 1 + rng.nextInt(4);
            for (int f = 0; f < flips; f++) {
                b[rng.nextInt(b.length)] = (byte) rng.nextInt(256);
            }
            try {
                OnnxModel m = OnnxImporter.read(b);
                loaded++;
                run(m);
            } catch (OnnxFormatException | IllegalArgumentException e) {
                assertThat(e.getMessage()).isNotBlank();
            }
        }
        // Most flips land in weights and leave a valid model: the test ran real models, not only errors.
        assertThat(loaded).isGreaterThan(50);
    }

    @Test
    void notProtobufAtAll() throws IOException {
        Path p = write("text.onnx", "hello, this is not a model".getBytes());
        assertThatThrownBy(() -> OnnxImporter.load(p)).isInstanceOf(OnnxFormatException.class)
                .hasMessageContaining("text.onnx");
        assertThatThrownBy(() -> OnnxImporter.load(dir)).isInstanceOf(OnnxFormatException.class)
                .hasMessageContaining("not a regular file");
    }

    @Test
    void hugeDimensionsAreRejectedBeforeAllocation() {
        TensorProto huge = TensorProto.newBuilder().setName("w").setDataType(TensorProto.DataType.FLOAT_VALUE)
                .addDims(1_000_000_000L).addDims(1_000_000_000L).setRawData(ByteString.copyFrom(new byte[16])).build();
        GraphProto.Builder g = graph().addInitializer(huge).addNode(node("Add", List.of("x", "w"), "y"));
        assertThatThrownBy(() -> OnnxImporter.read(model(g).toByteArray())).isInstanceOf(OnnxFormatException.class)
                .hasMessageContaining("initializer 'w'").hasMessageContaining("elements");
        TensorProto lying = TensorProto.newBuilder().setName("w").setDataType(TensorProto.DataType.FLOAT_VALUE)
                .addDims(200_000_000L).setRawData(ByteString.copyFrom(new byte[16])).build();
        GraphProto.Builder g2 = graph().addInitializer(lying).addNode(node("Add", List.of("x", "w"), "y"));
        assertThatThrownBy(() -> OnnxImporter.read(model(g2).toByteArray())).isInstanceOf(OnnxFormatException.class)
                .hasMessageContaining("needs 800000000 bytes of raw data, has 16");
        TensorProto negative = TensorProto.newBuilder().setName("w").setDataType(TensorProto.DataType.FLOAT_VALUE)
                .addDims(-4).build();
        GraphProto.Builder g3 = graph().addInitializer(negative).addNode(node("Add", List.of("x", "w"), "y"));
        assertThatThrownBy(() -> OnnxImporter.read(model(g3).toByteArray())).isInstanceOf(OnnxFormatException.class)
                .hasMessageContaining("dimension -4");
    }

    @Test
    void hugeShapesComputedAtRunTimeAreRejected() {
        // ConstantOfShape([100000, 100000, 100000]) would be 4e15 bytes.
        GraphProto.Builder g = graph()
                .addInitializer(OnnxTensors.longs("s", new long[] {100_000, 100_000, 100_000}, 3))
                .addNode(node("ConstantOfShape", List.of("s"), "big"))
                .addNode(node("Identity", List.of("x"), "y"));
        g.setOutput(0, OnnxExporter.valueInfo("big", new int[] {-1, 1, 1}, TensorProto.DataType.FLOAT_VALUE, false));
        OnnxModel m = OnnxImporter.read(model(g).toByteArray());
        assertThatThrownBy(() -> run(m)).isInstanceOf(OnnxFormatException.class)
                .hasMessageContaining("ConstantOfShape node").hasMessageContaining("too large");
        GraphProto.Builder r = graph()
                .addInitializer(OnnxTensors.longs("s", new long[] {1 << 30, 1 << 30}, 2))
                .addNode(node("Reshape", List.of("x", "s"), "y"));
        OnnxModel m2 = OnnxImporter.read(model(r).toByteArray());
        assertThatThrownBy(() -> run(m2)).isInstanceOf(OnnxFormatException.class).hasMessageContaining("Reshape node");
    }

    @Test
    void cyclicGraphIsNamed() {
        GraphProto.Builder g = graph()
                .addNode(node("Add", List.of("x", "b"), "a"))
                .addNode(node("Relu", List.of("a"), "b"))
                .addNode(node("Identity", List.of("b"), "y"));
        assertThatThrownBy(() -> OnnxImporter.read(model(g).toByteArray())).isInstanceOf(OnnxFormatException.class)
                .hasMessageContaining("cycle").hasMessageContaining("'add_a' (Add)");
        GraphProto.Builder self = graph().addNode(node("Add", List.of("x", "y"), "y"));
        assertThatThrownBy(() -> OnnxImporter.read(model(self).toByteArray())).isInstanceOf(OnnxFormatException.class)
                .hasMessageContaining("cycle");
        GraphProto.Builder twice = graph().addNode(node("Relu", List.of("x"), "y")).addNode(node("Neg", List.of("x"), "y"));
        assertThatThrownBy(() -> OnnxImporter.read(model(twice).toByteArray())).isInstanceOf(OnnxFormatException.class)
                .hasMessageContaining("already defined");
    }

    @Test
    void nodesOutOfOrderAreSorted() {
        GraphProto.Builder g = graph()
                .addNode(node("Neg", List.of("a"), "y"))
                .addNode(node("Relu", List.of("x"), "a"));
        Tensor y = run(OnnxImporter.read(model(g).toByteArray()));
        assertThat(y.data()).containsOnly(-1f);
    }

    @Test
    void unsupportedOperatorsAreListedWithTheirNodes() {
        GraphProto.Builder g = graph()
                .addNode(node("Relu", List.of("x"), "a"))
                .addNode(node("NonMaxSuppression", List.of("a"), "b"))
                .addNode(NodeProto.newBuilder().setOpType("FusedConv").setDomain("com.microsoft").setName("fc")
                        .addInput("b").addOutput("y").build());
        assertThatThrownBy(() -> OnnxImporter.read(model(g).toByteArray())).isInstanceOf(OnnxFormatException.class)
                .hasMessageContaining("unsupported operators NonMaxSuppression (node 'nonmaxsuppression_b')")
                .hasMessageContaining("com.microsoft::FusedConv (node 'fc')");
    }

    @Test
    void deeplyNestedProtobufIsRejected() {
        GraphProto inner = GraphProto.newBuilder().setName("leaf").build();
        for (int i = 0; i < 80; i++) {
            NodeProto n = NodeProto.newBuilder().setOpType("If").addAttribute(
                    io.cambium.interop.onnx.proto.AttributeProto.newBuilder().setName("then_branch")
                            .setType(io.cambium.interop.onnx.proto.AttributeProto.AttributeType.GRAPH).setG(inner)).build();
            inner = GraphProto.newBuilder().setName("g" + i).addNode(n).build();
        }
        byte[] bytes = ModelProto.newBuilder().setIrVersion(8).setGraph(inner).build().toByteArray();
        assertThatThrownBy(() -> OnnxImporter.read(bytes)).isInstanceOf(OnnxFormatException.class)
                .hasMessageContaining("truncated or damaged");
    }

    private static TensorProto external(String location, long offset, long length) {
        TensorProto.Builder t = TensorProto.newBuilder().setName("w").setDataType(TensorProto.DataType.FLOAT_VALUE)
                .addDims(4).setDataLocation(TensorProto.DataLocation.EXTERNAL)
                .addExternalData(StringStringEntryProto.newBuilder().setKey("location").setValue(location));
        if (offset >= 0) {
            t.addExternalData(StringStringEntryProto.newBuilder().setKey("offset").setValue(Long.toString(offset)));
        }
        if (length >= 0) {
            t.addExternalData(StringStringEntryProto.newBuilder().setKey("length").setValue(Long.toString(length)));
        }
        return t.build();
    }

    private Path modelWithExternal(Path folder, TensorProto t) throws IOException {
        Files.createDirectories(folder);
        GraphProto.Builder g = graph().addInitializer(t).addNode(node("Add", List.of("x", "w"), "y"));
        Path p = folder.resolve("model.onnx");
        Files.write(p, model(g).toByteArray());
        return p;
    }

    private static byte[] floats(float... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            b.putFloat(f);
        }
        return b.array();
    }

    @Test
    void externalDataInsideTheFolderLoads() throws IOException {
        Path folder = dir.resolve("ok");
        Path p = modelWithExternal(folder, external("weights/w.bin", 8, 16));
        Files.createDirectories(folder.resolve("weights"));
        byte[] data = new byte[24];
        System.arraycopy(floats(1, 2, 3, 4), 0, data, 8, 16);
        Files.write(folder.resolve("weights/w.bin"), data);
        assertThat(run(OnnxImporter.load(p)).data()).containsExactly(2, 3, 4, 5, 2, 3, 4, 5);
        // The same bytes without the folder cannot find the data.
        assertThatThrownBy(() -> OnnxImporter.read(Files.readAllBytes(p))).isInstanceOf(OnnxFormatException.class)
                .hasMessageContaining("external file");
    }

    @Test
    void externalDataOutsideTheFolderIsRefused() throws IOException {
        Path secret = dir.resolve("secret.bin");
        Files.write(secret, floats(9, 9, 9, 9));
        Path folder = dir.resolve("m");
        assertThatThrownBy(() -> OnnxImporter.load(modelWithExternal(folder, external("../secret.bin", -1, -1))))
                .isInstanceOf(OnnxFormatException.class).hasMessageContaining("outside the model's folder");
        assertThatThrownBy(() -> OnnxImporter.load(modelWithExternal(folder, external(secret.toString(), -1, -1))))
                .isInstanceOf(OnnxFormatException.class).hasMessageContaining("absolute path");
        assertThatThrownBy(() -> OnnxImporter.load(modelWithExternal(folder, external("a/../../secret.bin", -1, -1))))
                .isInstanceOf(OnnxFormatException.class).hasMessageContaining("outside the model's folder");
        Files.createSymbolicLink(folder.resolve("link.bin"), secret);
        assertThatThrownBy(() -> OnnxImporter.load(modelWithExternal(folder, external("link.bin", -1, -1))))
                .isInstanceOf(OnnxFormatException.class).hasMessageContaining("through a link");
        Files.createSymbolicLink(folder.resolve("up"), dir);
        assertThatThrownBy(() -> OnnxImporter.load(modelWithExternal(folder, external("up/secret.bin", -1, -1))))
                .isInstanceOf(OnnxFormatException.class).hasMessageContaining("through a link");
    }

    @Test
    void externalDataBeyondTheFileIsRefused() throws IOException {
        Path folder = dir.resolve("short");
        Files.createDirectories(folder);
        Files.write(folder.resolve("w.bin"), floats(1, 2));
        assertThatThrownBy(() -> OnnxImporter.load(modelWithExternal(folder, external("w.bin", -1, -1))))
                .isInstanceOf(OnnxFormatException.class).hasMessageContaining("beyond the end");
        assertThatThrownBy(() -> OnnxImporter.load(modelWithExternal(folder, external("w.bin", 1L << 40, -1))))
                .isInstanceOf(OnnxFormatException.class).hasMessageContaining("beyond the end");
        assertThatThrownBy(() -> OnnxImporter.load(modelWithExternal(folder, external("w.bin", 0, 1L << 40))))
                .isInstanceOf(OnnxFormatException.class).hasMessageContaining("does not match");
        assertThatThrownBy(() -> OnnxImporter.load(modelWithExternal(folder, external("missing.bin", -1, -1))))
                .isInstanceOf(OnnxFormatException.class).hasMessageContaining("does not exist");
    }
}
