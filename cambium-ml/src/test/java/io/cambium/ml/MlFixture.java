package io.cambium.ml;

import com.fasterxml.jackson.databind.JsonNode;
import io.cambium.testing.Fixtures;

/** Reads the float64 attributes of the cambium-ml fixtures (tools/fixtures/gen_ml.py). */
public final class MlFixture {
    private static Fixtures file;
    private final Fixtures.Case c;

    private MlFixture(Fixtures.Case c) {
        this.c = c;
    }

    /** A case of ml.json. */
    public static synchronized MlFixture get(String name) {
        if (file == null) {
            file = Fixtures.load("ml.json");
        }
        return new MlFixture(file.get(name));
    }

    public boolean has(String name) {
        return c.hasAttr(name);
    }

    public JsonNode node(String name) {
        return c.attr(name);
    }

    public String str(String name) {
        return c.attr(name).asText();
    }

    public static double num(JsonNode v) {
        return v.isTextual() ? Double.parseDouble(v.asText()) : v.asDouble();
    }

    public double d(String name) {
        return num(c.attr(name));
    }

    public double[] vec(String name) {
        JsonNode a = c.attr(name);
        if (!a.isArray()) {
            return new double[] {num(a)};
        }
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = num(a.get(i));
        }
        return out;
    }

    public int[] ints(String name) {
        return c.ints(name);
    }

    public double[][] mat(String name) {
        JsonNode a = c.attr(name);
        double[][] out = new double[a.size()][];
        for (int i = 0; i < out.length; i++) {
            JsonNode r = a.get(i);
            out[i] = new double[r.size()];
            for (int j = 0; j < out[i].length; j++) {
                out[i][j] = num(r.get(j));
            }
        }
        return out;
    }

    public int[][] intMat(String name) {
        JsonNode a = c.attr(name);
        int[][] out = new int[a.size()][];
        for (int i = 0; i < out.length; i++) {
            JsonNode r = a.get(i);
            out[i] = new int[r.size()];
            for (int j = 0; j < out[i].length; j++) {
                out[i][j] = r.get(j).asInt();
            }
        }
        return out;
    }
}
