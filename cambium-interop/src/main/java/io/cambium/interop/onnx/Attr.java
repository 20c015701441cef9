package io.cambium.interop.onnx;

import com.google.protobuf.ByteString;
import io.cambium.interop.onnx.proto.AttributeProto;
import io.cambium.interop.onnx.proto.AttributeProto.AttributeType;
import io.cambium.interop.onnx.proto.TensorProto;
import java.nio.charset.StandardCharsets;

/** Builds the attributes of an ONNX node: {@code Attr.i("axis", 1)}, {@code Attr.ints("pads", 1, 1, 1, 1)}. */
public final class Attr {
    private Attr() {
    }

    /** An integer attribute. */
    public static AttributeProto i(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeType.INT).setI(value).build();
    }

    /** A float attribute. */
    public static AttributeProto f(String name, double value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeType.FLOAT).setF((float) value).build();
    }

    /** A string attribute. */
    public static AttributeProto s(String name, String value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeType.STRING)
                .setS(ByteString.copyFrom(value, StandardCharsets.UTF_8)).build();
    }

    /** A list-of-integers attribute. */
    public static AttributeProto ints(String name, long... values) {
        AttributeProto.Builder b = AttributeProto.newBuilder().setName(name).setType(AttributeType.INTS);
        for (long v : values) {
            b.addInts(v);
        }
        return b.build();
    }

    /** A list-of-integers attribute from int values. */
    public static AttributeProto ints(String name, int[] values) {
        AttributeProto.Builder b = AttributeProto.newBuilder().setName(name).setType(AttributeType.INTS);
        for (int v : values) {
            b.addInts(v);
        }
        return b.build();
    }

    /** A list-of-floats attribute. */
    public static AttributeProto floats(String name, float... values) {
        AttributeProto.Builder b = AttributeProto.newBuilder().setName(name).setType(AttributeType.FLOATS);
        for (float v : values) {
            b.addFloats(v);
        }
        return b.build();
    }

    /** A list-of-strings attribute. */
    public static AttributeProto strings(String name, String... values) {
        AttributeProto.Builder b = AttributeProto.newBuilder().setName(name).setType(AttributeType.STRINGS);
        for (String v : values) {
            b.addStrings(ByteString.copyFrom(v, StandardCharsets.UTF_8));
        }
        return b.build();
    }

    /** A tensor attribute (the value of a Constant node). */
    public static AttributeProto tensor(String name, TensorProto value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeType.TENSOR).setT(value).build();
    }
}
