package io.cambium.interop.onnx;

import com.google.protobuf.ByteString;
import io.cambium.interop.onnx.proto.TensorProto;
import io.cambium.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Cambium tensors as ONNX {@code TensorProto}s (float32 and int64, little-endian raw data). */
public final class OnnxTensors {
    private OnnxTensors() {
    }

    /** A float32 tensor named {@code name} holding {@code t}'s values and shape. */
    public static TensorProto floats(String name, Tensor t) {
        return floats(name, t.data(), t.shape());
    }

    /** A float32 tensor from values in row-major order. */
    public static TensorProto floats(String name, float[] values, int... shape) {
        ByteBuffer buf = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(values);
        TensorProto.Builder b = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE)
                .setRawData(ByteString.copyFrom(buf.array()));
        for (int d : shape) {
            b.addDims(d);
        }
        return b.build();
    }

    /** An int64 tensor from values in row-major order. */
    public static TensorProto longs(String name, long[] values, int... shape) {
        ByteBuffer buf = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.asLongBuffer().put(values);
        TensorProto.Builder b = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64_VALUE)
                .setRawData(ByteString.copyFrom(buf.array()));
        for (int d : shape) {
            b.addDims(d);
        }
        return b.build();
    }
}
