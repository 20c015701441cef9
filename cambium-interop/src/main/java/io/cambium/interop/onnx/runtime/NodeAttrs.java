package io.cambium.interop.onnx.runtime;

import io.cambium.interop.onnx.OnnxFormatException;
import io.cambium.interop.onnx.proto.AttributeProto;
import io.cambium.interop.onnx.proto.NodeProto;
import io.cambium.interop.onnx.proto.TensorProto;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** The attributes of one node, read with defaults and checked types; errors name the node. */
public final class NodeAttrs {
    private final NodeProto node;
    private final Map<String, AttributeProto> byName = new HashMap<>();

    NodeAttrs(NodeProto node) {
        this.node = node;
        for (AttributeProto a : node.getAttributeList()) {
            byName.put(a.getName(), a);
        }
    }

    /** {@code Conv node 'conv1'}, for messages. */
    public String describe() {
        return node.getOpType() + " node '" + node.getName() + "'";
    }

    /** The node. */
    public NodeProto node() {
        return node;
    }

    /** Whether the attribute is present. */
    public boolean has(String name) {
        return byName.containsKey(name);
    }

    /** An integer attribute or the default. */
    public long i(String name, long fallback) {
        AttributeProto a = byName.get(name);
        return a == null ? fallback : a.getI();
    }

    /** A float attribute or the default. */
    public float f(String name, float fallback) {
        AttributeProto a = byName.get(name);
        return a == null ? fallback : a.getF();
    }

    /** A string attribute or the default. */
    public String s(String name, String fallback) {
        AttributeProto a = byName.get(name);
        return a == null ? fallback : a.getS().toString(StandardCharsets.UTF_8);
    }

    /** An integer-list attribute, or {@code null} when absent. */
    public long[] ints(String name) {
        AttributeProto a = byName.get(name);
        if (a == null) {
            return null;
        }
        long[] out = new long[a.getIntsCount()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.getInts(i);
        }
        return out;
    }

    /** A float-list attribute, or {@code null} when absent. */
    public float[] floats(String name) {
        AttributeProto a = byName.get(name);
        if (a == null) {
            return null;
        }
        float[] out = new float[a.getFloatsCount()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.getFloats(i);
        }
        return out;
    }

    /** A string-list attribute, or {@code null} when absent. */
    public String[] strings(String name) {
        AttributeProto a = byName.get(name);
        if (a == null) {
            return null;
        }
        String[] out = new String[a.getStringsCount()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.getStrings(i).toString(StandardCharsets.UTF_8);
        }
        return out;
    }

    /** A tensor attribute, or {@code null} when absent. */
    public TensorProto tensor(String name) {
        AttributeProto a = byName.get(name);
        return a == null || !a.hasT() ? null : a.getT();
    }

    /** An error about this node. */
    public OnnxFormatException error(String problem) {
        return new OnnxFormatException("ONNX " + describe() + ": " + problem);
    }

    /** An integer-list attribute narrowed to ints, checked against the int range. */
    public int[] intList(String name) {
        long[] v = ints(name);
        if (v == null) {
            return null;
        }
        return narrow(v, name);
    }

    /** Narrows longs to ints, naming the attribute when one does not fit. */
    public int[] narrow(long[] v, String what) {
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            if (v[i] < Integer.MIN_VALUE || v[i] > Integer.MAX_VALUE) {
                throw error(what + " value " + v[i] + " is outside the int range");
            }
            out[i] = (int) v[i];
        }
        return out;
    }
}
