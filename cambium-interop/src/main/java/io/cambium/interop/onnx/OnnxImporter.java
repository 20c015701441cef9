package io.cambium.interop.onnx;

import com.google.protobuf.CodedInputStream;
import io.cambium.interop.onnx.proto.GraphProto;
import io.cambium.interop.onnx.proto.ModelProto;
import io.cambium.interop.onnx.proto.NodeProto;
import io.cambium.interop.onnx.proto.OperatorSetIdProto;
import io.cambium.interop.onnx.proto.TensorProto;
import io.cambium.interop.onnx.proto.TensorShapeProto;
import io.cambium.interop.onnx.proto.TypeProto;
import io.cambium.interop.onnx.proto.ValueInfoProto;
import io.cambium.interop.onnx.runtime.Operators;
import io.cambium.interop.onnx.runtime.TensorData;
import io.cambium.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads ONNX models (default domain, opsets 7 to 18; the operators of {@link Operators#supported()})
 * into {@link OnnxModel}s, with everything checked before anything runs:
 * <ul>
 *   <li>the file: a regular file within the protobuf limit (2 GiB) and half the heap, parsed with
 *       a nesting limit, a truncated or damaged file rejected with the parser's reason;</li>
 *   <li>every operator supported (else one error listing each unsupported op type with a node
 *       that uses it) and in the default domain;</li>
 *   <li>every tensor's dims, element count and data length, external data only inside the
 *       model's folder (see {@link TensorData});</li>
 *   <li>the graph a DAG: each value assigned once, each input defined; nodes may come in any
 *       order and are sorted, a cycle is named.</li>
 * </ul>
 * Errors are {@link OnnxFormatException}s naming the file and the node or tensor.
 */
public final class OnnxImporter {
    /** The largest model file read (protobuf's limit). */
    public static final long MAX_FILE_BYTES = Integer.MAX_VALUE;
    private static final int MIN_OPSET = 7;
    private static final int MAX_OPSET = 18;

    private OnnxImporter() {
    }

    /**
     * Loads an ONNX file; external data is read from files next to it.
     *
     * @throws OnnxFormatException naming the file when it is not a model Cambium can run
     */
    public static OnnxModel load(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new java.nio.file.NoSuchFileException(file.toString());
        }
        if (!Files.isRegularFile(file)) {
            throw new OnnxFormatException(file + ": not a regular file");
        }
        long size = Files.size(file);
        if (size > MAX_FILE_BYTES || size > Runtime.getRuntime().maxMemory() / 2) {
            throw new OnnxFormatException(file + ": " + size + " bytes is more than an ONNX protobuf may hold here ("
                    + Math.min(MAX_FILE_BYTES, Runtime.getRuntime().maxMemory() / 2) + " bytes; larger models keep"
                    + " their weights as external data)");
        }
        byte[] bytes = Files.readAllBytes(file);
        Path dir = file.toAbsolutePath().getParent();
        try {
            return fromProto(parse(bytes), dir);
        } catch (OnnxFormatException e) {
            throw new OnnxFormatException(file.getFileName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a model from bytes (external data is refused: it needs the model's folder).
     *
     * @throws OnnxFormatException when the bytes are not a model Cambium can run
     */
    public static OnnxModel read(byte[] bytes) {
        return fromProto(parse(bytes), null);
    }

    /** Parses the protobuf, rejecting truncated or malformed input with the parser's reason. */
    public static ModelProto parse(byte[] bytes) {
        try {
            CodedInputStream in = CodedInputStream.newInstance(bytes);
            in.setRecursionLimit(64);
            ModelProto m = ModelProto.parseFrom(in);
            in.checkLastTagWas(0);
            return m;
        } catch (IOException e) {
            // InvalidProtocolBufferException: truncated, a bad tag or length, nesting too deep.
            throw new OnnxFormatException("not an ONNX model, or truncated or damaged (" + bytes.length + " bytes): "
                    + e.getMessage(), e);
        }
    }

    /** Builds the model from a parsed proto; {@code baseDir} is the folder of external data, or null. */
    public static OnnxModel fromProto(ModelProto m, Path baseDir) {
        if (!m.hasGraph() || m.getIrVersion() <= 0) {
            throw new OnnxFormatException("not an ONNX model: " + (m.hasGraph() ? "no IR version" : "no graph"));
        }
        int opset = -1;
        for (OperatorSetIdProto o : m.getOpsetImportList()) {
            if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) {
                opset = (int) Math.min(Integer.MAX_VALUE, o.getVersion());
            }
        }
        if (opset < 0) {
            throw new OnnxFormatException("the model imports no opset of the default domain (ai.onnx)");
        }
        if (opset < MIN_OPSET || opset > MAX_OPSET) {
            throw new OnnxFormatException("opset " + opset + " is not supported (" + MIN_OPSET + " to " + MAX_OPSET + ")");
        }
        GraphProto g = m.getGraph();
        checkOperators(g);
        Map<String, Object> init = new LinkedHashMap<>();
        for (TensorProto t : g.getInitializerList()) {
            if (t.getName().isEmpty()) {
                throw new OnnxFormatException("an initializer has no name");
            }
            if (init.containsKey(t.getName())) {
                throw new OnnxFormatException("initializer '" + t.getName() + "' is defined twice");
            }
            init.put(t.getName(), TensorData.decode(t, baseDir, "initializer '" + t.getName() + "'"));
        }
        List<ValueInfoProto> inputs = new ArrayList<>();
        Set<String> inputNames = new HashSet<>();
        for (ValueInfoProto in : g.getInputList()) {
            if (!inputNames.add(in.getName())) {
                throw new OnnxFormatException("input '" + in.getName() + "' is listed twice");
            }
            if (!init.containsKey(in.getName())) {
                checkInputType(in);
                inputs.add(in);
            }
        }
        List<NodeProto> nodes = untieAliases(new ArrayList<>(g.getNodeList()), init);
        nodes = sort(nodes, init.keySet(), inputNames);
        Set<String> produced = new HashSet<>(init.keySet());
        produced.addAll(inputNames);
        for (NodeProto n : nodes) {
            produced.addAll(n.getOutputList());
        }
        for (ValueInfoProto o : g.getOutputList()) {
            if (!produced.contains(o.getName())) {
                throw new OnnxFormatException("output '" + o.getName() + "' is not produced by any node");
            }
        }
        Set<String> statistics = new HashSet<>();
        for (NodeProto n : nodes) {
            if (n.getOpType().equals("BatchNormalization") && n.getInputCount() >= 5) {
                statistics.add(n.getInput(3));
                statistics.add(n.getInput(4));
            }
        }
        String name = g.getName().isEmpty() ? "onnx_model" : g.getName();
        return new OnnxModel(io.cambium.nn.Layer.uniqueName(sanitize(name)), nodes, inputs, g.getOutputList(), init,
                statistics, opset, m.getProducerName().equals("pytorch"));
    }

    private static String sanitize(String s) {
        String t = s.replaceAll("[^A-Za-z0-9_.-]", "_");
        return t.length() > 64 ? t.substring(0, 64) : t;
    }

    private static void checkOperators(GraphProto g) {
        Map<String, String> unsupported = new LinkedHashMap<>();
        for (NodeProto n : g.getNodeList()) {
            String domain = n.getDomain();
            if (!domain.isEmpty() && !domain.equals("ai.onnx")) {
                unsupported.putIfAbsent(domain + "::" + n.getOpType(), n.getName());
            } else if (Operators.get(n.getOpType()) == null) {
                unsupported.putIfAbsent(n.getOpType(), n.getName());
            }
        }
        if (!unsupported.isEmpty()) {
            List<String> parts = new ArrayList<>();
            for (Map.Entry<String, String> e : unsupported.entrySet()) {
                parts.add(e.getKey() + " (node '" + e.getValue() + "')");
                if (parts.size() == 10) {
                    break;
                }
            }
            throw new OnnxFormatException("unsupported operator" + (unsupported.size() > 1 ? "s " : " ")
                    + String.join(", ", parts) + (unsupported.size() > 10 ? " and " + (unsupported.size() - 10) + " more" : "")
                    + "; Cambium runs " + String.join(", ", Operators.supported()));
        }
    }

    private static void checkInputType(ValueInfoProto in) {
        TypeProto t = in.getType();
        if (!t.hasTensorType()) {
            throw new OnnxFormatException("input '" + in.getName() + "' is not a tensor");
        }
        int e = t.getTensorType().getElemType();
        if (!(e == TensorProto.DataType.FLOAT_VALUE || e == TensorProto.DataType.DOUBLE_VALUE || isInt(e))) {
            throw new OnnxFormatException("input '" + in.getName() + "' has type " + TensorData.typeName(e)
                    + " (float and integer inputs are supported)");
        }
    }

    private static boolean isInt(int e) {
        return e == TensorProto.DataType.INT64_VALUE || e == TensorProto.DataType.INT32_VALUE
                || e == TensorProto.DataType.BOOL_VALUE || e == TensorProto.DataType.INT8_VALUE
                || e == TensorProto.DataType.UINT8_VALUE || e == TensorProto.DataType.INT16_VALUE;
    }

    /** Whether an input holds integers (ids). */
    static boolean isIntType(ValueInfoProto v) {
        return v.getType().hasTensorType() && isInt(v.getType().getTensorType().getElemType());
    }

    /** A declared shape: fixed sizes, -1 for symbolic or missing ones and for the first (batch) axis. */
    static int[] declaredShape(ValueInfoProto v) {
        if (!v.getType().hasTensorType() || !v.getType().getTensorType().hasShape()) {
            return new int[] {-1};
        }
        TensorShapeProto s = v.getType().getTensorType().getShape();
        int[] out = new int[s.getDimCount()];
        for (int i = 0; i < out.length; i++) {
            TensorShapeProto.Dimension d = s.getDim(i);
            out[i] = i > 0 && d.hasDimValue() && d.getDimValue() > 0 && d.getDimValue() <= Integer.MAX_VALUE
                    ? (int) d.getDimValue() : -1;
        }
        return out;
    }

    /**
     * Gives each Identity of an initializer its own copy: exporters deduplicate equal weights
     * (PyTorch's constant folding makes every LayerNorm that still has its initial ones share one
     * tensor), and fine-tuning must not tie parameters the original model kept apart.
     */
    private static List<NodeProto> untieAliases(List<NodeProto> nodes, Map<String, Object> init) {
        List<NodeProto> out = new ArrayList<>();
        for (NodeProto n : nodes) {
            if (n.getOpType().equals("Identity") && n.getInputCount() == 1 && n.getOutputCount() == 1
                    && init.get(n.getInput(0)) instanceof Tensor t && !init.containsKey(n.getOutput(0))) {
                init.put(n.getOutput(0), t.copy());
                continue;
            }
            out.add(n);
        }
        return out;
    }

    /** Kahn's topological sort over value names; a cycle or a missing value is named. */
    private static List<NodeProto> sort(List<NodeProto> nodes, Set<String> initializers, Set<String> inputs) {
        Map<String, Integer> producer = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            for (String o : nodes.get(i).getOutputList()) {
                if (o.isEmpty()) {
                    continue;
                }
                if (producer.put(o, i) != null || initializers.contains(o) || inputs.contains(o)) {
                    throw new OnnxFormatException(describe(nodes.get(i), i) + " assigns '" + o
                            + "', which is already defined (values are assigned once)");
                }
            }
        }
        int[] pending = new int[nodes.size()];
        List<List<Integer>> consumers = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            consumers.add(new ArrayList<>());
        }
        for (int i = 0; i < nodes.size(); i++) {
            for (String in : nodes.get(i).getInputList()) {
                if (in.isEmpty() || initializers.contains(in) || inputs.contains(in)) {
                    continue;
                }
                Integer p = producer.get(in);
                if (p == null) {
                    throw new OnnxFormatException(describe(nodes.get(i), i) + " reads '" + in
                            + "', which no input, initializer or node defines");
                }
                pending[i]++;
                consumers.get(p).add(i);
            }
        }
        ArrayDeque<Integer> ready = new ArrayDeque<>();
        for (int i = 0; i < nodes.size(); i++) {
            if (pending[i] == 0) {
                ready.add(i);
            }
        }
        List<NodeProto> order = new ArrayList<>();
        while (!ready.isEmpty()) {
            int i = ready.poll();
            order.add(nodes.get(i));
            for (int c : consumers.get(i)) {
                if (--pending[c] == 0) {
                    ready.add(c);
                }
            }
        }
        if (order.size() != nodes.size()) {
            for (int i = 0; i < nodes.size(); i++) {
                if (pending[i] > 0) {
                    throw new OnnxFormatException("the graph has a cycle: " + describe(nodes.get(i), i)
                            + " depends on its own output (through " + (nodes.size() - order.size()) + " node(s))");
                }
            }
        }
        return order;
    }

    private static String describe(NodeProto n, int i) {
        return "node " + i + " '" + n.getName() + "' (" + n.getOpType() + ")";
    }
}
