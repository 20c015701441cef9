package io.cambium.interop.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.cambium.tensor.Tensor;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs an ONNX model in onnxruntime (an independent implementation) for the tests. */
final class OrtRunner {
    private OrtRunner() {
    }

    /**
     * The model's outputs for the given inputs, in graph order. An input the graph declares as
     * int64 receives the tensor's values as ids.
     */
    static List<Tensor> run(byte[] model, List<Tensor> inputs) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
            opts.setIntraOpNumThreads(1);
            // Graph optimizations fuse and reorder arithmetic; the comparison is with the graph as written.
            opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT);
            try (OrtSession session = env.createSession(model, opts)) {
                List<String> names = new ArrayList<>(session.getInputNames());
                Map<String, OnnxTensor> feed = new LinkedHashMap<>();
                try {
                    for (int i = 0; i < names.size(); i++) {
                        Tensor t = inputs.get(i);
                        long[] shape = new long[t.rank()];
                        for (int a = 0; a < shape.length; a++) {
                            shape[a] = t.dim(a);
                        }
                        var info = (ai.onnxruntime.TensorInfo) session.getInputInfo().get(names.get(i)).getInfo();
                        if (info.type == ai.onnxruntime.OnnxJavaType.INT64) {
                            float[] d = t.data();
                            long[] ids = new long[d.length];
                            for (int k = 0; k < d.length; k++) {
                                ids[k] = (long) d[k];
                            }
                            feed.put(names.get(i), OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape));
                        } else {
                            feed.put(names.get(i), OnnxTensor.createTensor(env, FloatBuffer.wrap(t.data().clone()), shape));
                        }
                    }
                    List<Tensor> out = new ArrayList<>();
                    try (OrtSession.Result r = session.run(feed)) {
                        for (int i = 0; i < r.size(); i++) {
                            OnnxTensor o = (OnnxTensor) r.get(i);
                            long[] s = o.getInfo().getShape();
                            int[] shape = new int[s.length];
                            for (int a = 0; a < s.length; a++) {
                                shape[a] = (int) s[a];
                            }
                            FloatBuffer fb = o.getFloatBuffer();
                            float[] d = new float[fb.remaining()];
                            fb.get(d);
                            out.add(new Tensor(d, shape));
                        }
                    }
                    return out;
                } finally {
                    for (OnnxTensor t : feed.values()) {
                        t.close();
                    }
                }
            }
        } catch (OrtException e) {
            throw new AssertionError("onnxruntime rejected the model: " + e.getMessage(), e);
        }
    }

    /**
     * The largest difference relative to the reference's scale: {@code max |a - b| / max |b|}
     * (the norm-wise relative error; element-wise ratios are meaningless where b is near 0).
     */
    static double relativeError(Tensor actual, Tensor reference) {
        float[] a = actual.data();
        float[] b = reference.data();
        if (a.length != b.length) {
            throw new AssertionError("sizes differ: " + a.length + " vs " + b.length);
        }
        double diff = 0;
        double scale = 0;
        for (int i = 0; i < a.length; i++) {
            diff = Math.max(diff, Math.abs((double) a[i] - b[i]));
            scale = Math.max(scale, Math.abs((double) b[i]));
        }
        return scale == 0 ? diff : diff / scale;
    }
}
