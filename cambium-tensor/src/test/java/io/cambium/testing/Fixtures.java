package io.cambium.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Reference fixtures written by the generator scripts under {@code tools/fixtures/} (PyTorch,
 * NumPy, scikit-learn) and committed as JSON test resources under {@code fixtures/}.
 *
 * <p>A fixture file is {@code {"cases": {"name": {"tensors": {...}, "attrs": {...}}}}}, where a
 * tensor is {@code {"shape": [..], "data": [..]}} and attrs are any JSON values.
 */
public final class Fixtures {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String file;
    private final JsonNode cases;

    private Fixtures(String file, JsonNode cases) {
        this.file = file;
        this.cases = cases;
    }

    /** Loads {@code fixtures/<name>} from the test class path. */
    public static Fixtures load(String name) {
        String path = "/fixtures/" + name;
        try (InputStream in = Fixtures.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("fixture file " + path
                        + " is missing; run the generator in tools/fixtures/");
            }
            return new Fixtures(name, JSON.readTree(in).get("cases"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The names of all cases. */
    public List<String> names() {
        List<String> out = new ArrayList<>();
        Iterator<String> it = cases.fieldNames();
        it.forEachRemaining(out::add);
        return out;
    }

    /** One case. */
    public Case get(String name) {
        JsonNode c = cases.get(name);
        if (c == null) {
            throw new IllegalArgumentException("no case '" + name + "' in fixture " + file);
        }
        return new Case(file + ":" + name, c);
    }

    /** One fixture case: named tensors and attributes. */
    public static final class Case {
        private final String id;
        private final JsonNode node;

        Case(String id, JsonNode node) {
            this.id = id;
            this.node = node;
        }

        /** file:case, for messages. */
        public String id() {
            return id;
        }

        /** Whether a tensor of this name exists. */
        public boolean has(String name) {
            return node.path("tensors").has(name);
        }

        /** A tensor by name. */
        public Tensor tensor(String name) {
            JsonNode t = node.path("tensors").get(name);
            if (t == null) {
                throw new IllegalArgumentException("no tensor '" + name + "' in " + id);
            }
            JsonNode sh = t.get("shape");
            int[] shape = new int[sh.size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = sh.get(i).asInt();
            }
            JsonNode d = t.get("data");
            float[] data = new float[d.size()];
            for (int i = 0; i < data.length; i++) {
                JsonNode v = d.get(i);
                data[i] = v.isTextual() ? Float.parseFloat(v.asText()) : (float) v.asDouble();
            }
            return new Tensor(data, shape);
        }

        /** An attribute (any JSON value). */
        public JsonNode attr(String name) {
            JsonNode a = node.path("attrs").get(name);
            if (a == null) {
                throw new IllegalArgumentException("no attribute '" + name + "' in " + id);
            }
            return a;
        }

        /** Whether an attribute of this name exists. */
        public boolean hasAttr(String name) {
            return node.path("attrs").has(name);
        }

        /** An integer-array attribute. */
        public int[] ints(String name) {
            JsonNode a = attr(name);
            int[] out = new int[a.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = a.get(i).asInt();
            }
            return out;
        }
    }

    /**
     * Asserts that {@code actual} has the shape of {@code expected} and every element satisfies
     * {@code |a - e| <= atol + rtol * |e|}.
     */
    public static void assertClose(String what, Tensor expected, Tensor actual, double rtol, double atol) {
        if (!Shape.same(expected.shape(), actual.shape())) {
            throw new AssertionError(what + ": shape " + Shape.str(actual.shape()) + ", expected "
                    + Shape.str(expected.shape()));
        }
        float[] e = expected.data();
        float[] a = actual.data();
        for (int i = 0; i < e.length; i++) {
            boolean bothNaN = Float.isNaN(e[i]) && Float.isNaN(a[i]);
            boolean sameInf = Float.isInfinite(e[i]) && e[i] == a[i];
            if (!bothNaN && !sameInf && !(Math.abs(a[i] - e[i]) <= atol + rtol * Math.abs(e[i]))) {
                throw new AssertionError(what + ": element " + i + " is " + a[i] + ", expected " + e[i]
                        + " (rtol " + rtol + ", atol " + atol + ")");
            }
        }
    }
}
