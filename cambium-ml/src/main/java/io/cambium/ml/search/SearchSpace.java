package io.cambium.ml.search;

import io.cambium.tensor.random.Rng;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An ordered set of hyperparameters; a point of the space is a name → value map. */
public final class SearchSpace {
    private final List<Param> params = new ArrayList<>();

    /** A space of the given parameters (names must be distinct). */
    public static SearchSpace of(Param... params) {
        SearchSpace s = new SearchSpace();
        for (Param p : params) {
            s.add(p);
        }
        return s;
    }

    /** Adds a parameter. */
    public SearchSpace add(Param p) {
        for (Param q : params) {
            if (q.name().equals(p.name())) {
                throw new IllegalArgumentException("duplicate hyperparameter '" + p.name() + "'");
            }
        }
        params.add(p);
        return this;
    }

    /** The parameters in order. */
    public List<Param> params() {
        return Collections.unmodifiableList(params);
    }

    /** Number of dimensions. */
    public int size() {
        return params.size();
    }

    /** A random point. */
    public Map<String, Object> sample(Rng rng) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Param p : params) {
            m.put(p.name(), p.sample(rng));
        }
        return m;
    }

    /** The point at unit coordinates u. */
    public Map<String, Object> decode(double[] u) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < params.size(); i++) {
            m.put(params.get(i).name(), params.get(i).fromUnit(u[i]));
        }
        return m;
    }

    /** The unit coordinates of a point. */
    public double[] encode(Map<String, Object> point) {
        double[] u = new double[params.size()];
        for (int i = 0; i < u.length; i++) {
            Object v = point.get(params.get(i).name());
            if (v == null) {
                throw new IllegalArgumentException("point " + point + " has no value for '" + params.get(i).name() + "'");
            }
            u[i] = params.get(i).toUnit(v);
        }
        return u;
    }

    /** All combinations of the parameters' grid values, the last parameter varying fastest. */
    public List<Map<String, Object>> grid() {
        List<Map<String, Object>> out = new ArrayList<>();
        out.add(new LinkedHashMap<>());
        for (Param p : params) {
            List<Map<String, Object>> next = new ArrayList<>();
            for (Map<String, Object> partial : out) {
                for (Object v : p.gridValues()) {
                    Map<String, Object> m = new LinkedHashMap<>(partial);
                    m.put(p.name(), v);
                    next.add(m);
                }
            }
            out = next;
        }
        return out;
    }
}
