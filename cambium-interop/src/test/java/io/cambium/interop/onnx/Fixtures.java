package io.cambium.interop.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cambium.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;

/** Reads the committed fixtures (tools/fixtures/*.py) from the test resources. */
final class Fixtures {
    private Fixtures() {
    }

    /** A resource as a file path (the test classes folder). */
    static Path path(String resource) {
        try {
            var url = Fixtures.class.getResource("/fixtures/" + resource);
            if (url == null) {
                throw new IllegalStateException("missing fixture " + resource + ": run tools/fixtures/gen_onnx_torch.py");
            }
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A JSON fixture file written by common.FixtureFile. */
    static JsonNode json(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + name);
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {"shape": [...], "data": [...]} as a tensor. */
    static Tensor tensor(JsonNode node) {
        JsonNode shape = node.get("shape");
        int[] s = new int[shape.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = shape.get(i).asInt();
        }
        JsonNode data = node.get("data");
        float[] d = new float[data.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) data.get(i).asDouble();
        }
        return new Tensor(d, s);
    }
}
