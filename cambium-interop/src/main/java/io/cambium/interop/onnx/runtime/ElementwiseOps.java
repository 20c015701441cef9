package io.cambium.interop.onnx.runtime;

import io.cambium.interop.onnx.proto.TensorProto;
import io.cambium.interop.onnx.proto.TensorProto.DataType;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.Autograd;
import io.cambium.tensor.kernels.FloatMath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;
import java.util.function.LongBinaryOperator;
import java.util.function.UnaryOperator;

/** Elementwise operators, comparisons, constants, casts and activations. */
final class ElementwiseOps {
    private ElementwiseOps() {
    }

    static void register(Map<String, OnnxOp> ops) {
        binary(ops, "Add", Tensor::add, Math::addExact);
        binary(ops, "Sub", Tensor::sub, Math::subtractExact);
        binary(ops, "Mul", Tensor::mul, Math::multiplyExact);
        binary(ops, "Div", Tensor::div, (a, b) -> {
            if (b == 0) {
                throw new ArithmeticException("integer division by zero");
            }
            return a / b;
        });
        ops.put("Pow", c -> one(c.tensor(0).pow(c.tensor(1))));
        unary(ops, "Neg", Tensor::neg);
        unary(ops, "Abs", Tensor::abs);
        unary(ops, "Sqrt", Tensor::sqrt);
        unary(ops, "Exp", Tensor::exp);
        unary(ops, "Log", Tensor::log);
        unary(ops, "Reciprocal", Tensor::reciprocal);
        unary(ops, "Relu", Tensor::relu);
        unary(ops, "Sigmoid", Tensor::sigmoid);
        unary(ops, "Tanh", Tensor::tanh);
        unary(ops, "Selu", Tensor::selu);
        unary(ops, "Softsign", Tensor::softsign);
        unary(ops, "Softplus", Tensor::softplus);
        unary(ops, "Erf", ElementwiseOps::erf);
        ops.put("LeakyRelu", c -> one(c.tensor(0).leakyRelu(c.attrs().f("alpha", 0.01f))));
        ops.put("Elu", c -> one(c.tensor(0).elu(c.attrs().f("alpha", 1f))));
        ops.put("HardSigmoid", c -> {
            float alpha = c.attrs().f("alpha", 0.2f);
            float beta = c.attrs().f("beta", 0.5f);
            return one(c.tensor(0).mul(alpha).add(beta).clip(0f, 1f));
        });
        ops.put("PRelu", c -> {
            Tensor x = c.tensor(0);
            Tensor negative = x.neg().relu().neg();
            return one(x.relu().add(c.tensor(1).mul(negative)));
        });
        ops.put("Clip", ElementwiseOps::clip);
        ops.put("Softmax", c -> one(softmax(c, false)));
        ops.put("LogSoftmax", c -> one(softmax(c, true)));
        ops.put("Sum", c -> variadic(c, Tensor::add));
        ops.put("Max", c -> variadic(c, Tensor::maximum));
        ops.put("Min", c -> variadic(c, Tensor::minimum));
        ops.put("Mean", c -> one(((Tensor) variadic(c, Tensor::add).get(0)).div(c.count())));
        compare(ops, "Equal", Tensor::eq, (a, b) -> a == b ? 1 : 0);
        compare(ops, "Less", Tensor::lt, (a, b) -> a < b ? 1 : 0);
        compare(ops, "Greater", Tensor::gt, (a, b) -> a > b ? 1 : 0);
        compare(ops, "LessOrEqual", Tensor::le, (a, b) -> a <= b ? 1 : 0);
        compare(ops, "GreaterOrEqual", Tensor::ge, (a, b) -> a >= b ? 1 : 0);
        ops.put("Not", c -> {
            long[] d = c.longs(0).clone();
            for (int i = 0; i < d.length; i++) {
                d[i] = d[i] == 0 ? 1 : 0;
            }
            return one(new IntArray(d, c.ints(0).shape()));
        });
        ops.put("Where", ElementwiseOps::where);
        ops.put("Identity", c -> one(c.value(0)));
        ops.put("Dropout", ElementwiseOps::dropout);
        ops.put("Cast", ElementwiseOps::cast);
        ops.put("Constant", ElementwiseOps::constant);
        ops.put("ConstantOfShape", ElementwiseOps::constantOfShape);
    }

    static List<Object> one(Object v) {
        List<Object> out = new ArrayList<>(1);
        out.add(v);
        return out;
    }

    private static void unary(Map<String, OnnxOp> ops, String name, UnaryOperator<Tensor> f) {
        ops.put(name, c -> one(f.apply(c.tensor(0))));
    }

    private static void binary(Map<String, OnnxOp> ops, String name, BinaryOperator<Tensor> f, LongBinaryOperator ints) {
        ops.put(name, c -> {
            if (c.isInt(0) && c.isInt(1)) {
                try {
                    return one(IntMath.binary(c.ints(0), c.ints(1), ints, c));
                } catch (ArithmeticException e) {
                    throw c.error(e.getMessage());
                }
            }
            return one(f.apply(c.tensor(0), c.tensor(1)));
        });
    }

    private static void compare(Map<String, OnnxOp> ops, String name, BinaryOperator<Tensor> f, LongBinaryOperator ints) {
        ops.put(name, c -> {
            if (c.isInt(0) && c.isInt(1)) {
                return one(IntMath.binary(c.ints(0), c.ints(1), ints, c));
            }
            return one(IntArray.fromTensor(f.apply(c.tensor(0), c.tensor(1))));
        });
    }

    private static List<Object> variadic(OpCall c, BinaryOperator<Tensor> f) {
        Tensor acc = c.tensor(0);
        for (int i = 1; i < c.count(); i++) {
            acc = f.apply(acc, c.tensor(i));
        }
        return one(acc);
    }

    /** erf with its gradient 2/sqrt(pi) exp(-x^2) (PyTorch exports exact GELU through it). */
    static Tensor erf(Tensor x) {
        float[] d = x.data();
        float[] y = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            y[i] = FloatMath.erf(d[i]);
        }
        Tensor out = new Tensor(y, x.shape());
        return Autograd.record(out, "erf", g -> {
            float[] gd = g.data();
            float[] gx = new float[d.length];
            for (int i = 0; i < d.length; i++) {
                gx[i] = gd[i] * (float) (2.0 / Math.sqrt(Math.PI) * Math.exp(-(double) d[i] * d[i]));
            }
            return new Tensor[] {new Tensor(gx, x.shape())};
        }, x);
    }

    private static List<Object> clip(OpCall c) {
        Tensor x = c.tensor(0);
        float lo = Float.NEGATIVE_INFINITY;
        float hi = Float.POSITIVE_INFINITY;
        if (c.opset() < 11) {
            lo = c.attrs().f("min", lo);
            hi = c.attrs().f("max", hi);
        } else {
            if (c.present(1)) {
                lo = c.tensor(1).item();
            }
            if (c.present(2)) {
                hi = c.tensor(2).item();
            }
        }
        return one(x.clip(lo, hi));
    }

    private static Tensor softmax(OpCall c, boolean log) {
        Tensor x = c.tensor(0);
        if (c.opset() >= 13) {
            int axis = c.axis(c.attrs().i("axis", -1), x.rank());
            return log ? x.logSoftmax(axis) : x.softmax(axis);
        }
        // Before opset 13: the input is coerced to 2-D at the axis and normalized over the second part.
        int axis = c.axis(c.attrs().i("axis", 1), x.rank());
        int[] s = x.shape();
        int outer = 1;
        for (int i = 0; i < axis; i++) {
            outer *= s[i];
        }
        Tensor flat = x.reshape(outer, -1);
        return (log ? flat.logSoftmax(1) : flat.softmax(1)).reshape(s);
    }

    private static List<Object> where(OpCall c) {
        IntArray cond = c.ints(0);
        if (c.isInt(1) && c.isInt(2)) {
            return one(IntMath.where(cond, c.ints(1), c.ints(2), c));
        }
        return one(Tensor.where(cond.toTensor(), c.tensor(1), c.tensor(2)));
    }

    private static List<Object> dropout(OpCall c) {
        Tensor x = c.tensor(0);
        float ratio = c.opset() >= 12 ? (c.present(1) ? c.tensor(1).item() : 0.5f) : c.attrs().f("ratio", 0.5f);
        boolean active = c.training() && ratio > 0f;
        if (c.opset() >= 12 && c.present(2)) {
            // The graph's own training_mode input decides only when the model is being trained.
            active &= c.longs(2)[0] != 0;
        }
        Tensor y = active ? x.dropout(ratio, c.rng()) : x;
        List<Object> out = one(y);
        if (c.outputs() > 1) {
            long[] mask = new long[x.numel()];
            float[] yd = y.data();
            float[] xd = x.data();
            for (int i = 0; i < mask.length; i++) {
                mask[i] = !active || yd[i] != 0f || xd[i] == 0f ? 1 : 0;
            }
            out.add(new IntArray(mask, x.shape()));
        }
        return out;
    }

    private static List<Object> cast(OpCall c) {
        int to = (int) c.attrs().i("to", DataType.FLOAT_VALUE);
        if (TensorData.isFloat(to)) {
            return one(c.tensor(0));
        }
        if (TensorData.elementSize(to) == 0) {
            throw c.error("cannot cast to " + TensorData.typeName(to));
        }
        IntArray a = c.ints(0);
        if (to == DataType.BOOL_VALUE) {
            long[] d = a.data().clone();
            float[] f = c.isInt(0) ? null : c.tensor(0).data();
            for (int i = 0; i < d.length; i++) {
                d[i] = (f != null ? f[i] != 0f : d[i] != 0) ? 1 : 0;
            }
            return one(new IntArray(d, a.shape()));
        }
        return one(a);
    }

    private static List<Object> constant(OpCall c) {
        NodeAttrs a = c.attrs();
        TensorProto t = a.tensor("value");
        if (t != null) {
            return one(TensorData.decode(t, null, a.describe() + " value"));
        }
        if (a.has("value_float")) {
            return one(Tensor.scalar(a.f("value_float", 0f)));
        }
        if (a.has("value_floats")) {
            float[] f = a.floats("value_floats");
            return one(new Tensor(f, f.length));
        }
        if (a.has("value_int")) {
            return one(IntArray.scalar(a.i("value_int", 0)));
        }
        if (a.has("value_ints")) {
            return one(IntArray.of(a.ints("value_ints")));
        }
        throw c.error("has no value attribute that Cambium reads (value, value_float(s), value_int(s))");
    }

    private static List<Object> constantOfShape(OpCall c) {
        int[] shape = c.checkedShape(c.longs(0), "ConstantOfShape output");
        TensorProto t = c.attrs().tensor("value");
        Object v = t == null ? Tensor.scalar(0f) : TensorData.decode(t, null, c.attrs().describe() + " value");
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        if (v instanceof IntArray ia) {
            long[] d = new long[n];
            java.util.Arrays.fill(d, ia.data().length == 0 ? 0 : ia.data()[0]);
            return one(new IntArray(d, shape));
        }
        float[] d = new float[n];
        Tensor tv = (Tensor) v;
        java.util.Arrays.fill(d, tv.numel() == 0 ? 0f : tv.data()[0]);
        return one(new Tensor(d, shape));
    }
}
