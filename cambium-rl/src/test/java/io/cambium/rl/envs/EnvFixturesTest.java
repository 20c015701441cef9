package io.cambium.rl.envs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cambium.rl.env.Env;
import io.cambium.rl.env.Reset;
import io.cambium.rl.env.Step;
import io.cambium.rl.env.TimeLimit;
import io.cambium.rl.env.Wrapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Trajectories of every environment against tools/fixtures/gen_rl_envs.py, a NumPy implementation
 * of Gymnasium's equations: the seeded initial state, every observation, state, reward and flag,
 * and the step at which the episode terminates or is truncated.
 */
class EnvFixturesTest {
    private static final double TOL = 1e-6;
    private static final Map<String, Double> MAX_DEVIATION = new LinkedHashMap<>();

    static Stream<String> cases() throws IOException {
        List<String> names = new ArrayList<>();
        fixture().get("cases").fieldNames().forEachRemaining(names::add);
        return names.stream();
    }

    static JsonNode fixture() throws IOException {
        try (InputStream in = EnvFixturesTest.class.getResourceAsStream("/fixtures/rl_envs.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    @SuppressWarnings("unchecked")
    void trajectoryMatchesReference(String name) throws IOException {
        JsonNode c = fixture().get("cases").get(name);
        int limit = c.get("max_episode_steps").asInt();
        Env<Object, Object> env = (Env<Object, Object>) (c.get("env_kwargs").has("is_slippery")
                ? new TimeLimit<>(new FrozenLake(FrozenLake.MAP_4X4, c.get("env_kwargs").get("is_slippery").asBoolean()), limit)
                : Envs.make(c.get("env").asText(), limit));
        Map<String, Object> options = new LinkedHashMap<>();
        c.get("reset_options").fields().forEachRemaining(e -> options.put(e.getKey(), e.getValue().asDouble()));
        Reset<Object> r = env.reset(c.get("seed").asLong(), options);
        double dev = compare(name + " reset", r.observation(), c.get("initial_obs"), 0);
        if (!c.get("initial_state").isNull()) {
            dev = compare(name + " initial state", state(env), c.get("initial_state"), dev);
        }
        JsonNode steps = c.get("steps");
        JsonNode actions = c.get("actions");
        JsonNode rule = c.get("closed_loop");
        Object obs = r.observation();
        for (int t = 0; t < steps.size(); t++) {
            Object action = rule.isNull() ? action(actions.get(t)) : closedLoop(rule, (float[]) obs);
            assertThat(actionValue(action(actions.get(t)))).as(name + " action of step %d", t).isEqualTo(actionValue(action));
            Step<Object> s = env.step(action);
            JsonNode want = steps.get(t);
            String at = name + " step " + t;
            dev = compare(at + " observation", s.observation(), want.get("obs"), dev);
            if (want.has("state")) {
                dev = compare(at + " state", state(env), want.get("state"), dev);
            }
            assertThat(s.reward()).as(at + " reward").isCloseTo(want.get("reward").asDouble(), org.assertj.core.data.Offset.offset(TOL));
            dev = Math.max(dev, Math.abs(s.reward() - want.get("reward").asDouble()));
            assertThat(s.terminated()).as(at + " terminated").isEqualTo(want.get("terminated").asBoolean());
            assertThat(s.truncated()).as(at + " truncated").isEqualTo(want.get("truncated").asBoolean());
            obs = s.observation();
        }
        assertThat(env.needsReset()).as(name + ": the episode ends on the last step of the fixture").isTrue();
        MAX_DEVIATION.put(name + " (" + steps.size() + " steps)", dev);
    }

    @AfterAll
    static void report() {
        MAX_DEVIATION.forEach((k, v) -> System.out.printf("max |Java - reference| %-40s %.3g%n", k, v));
    }

    private static Object action(JsonNode a) {
        if (a.isArray()) {
            float[] v = new float[a.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) a.get(i).asDouble();
            }
            return v;
        }
        return a.asInt();
    }

    private static Object actionValue(Object a) {
        return a instanceof float[] f ? (Object) List.of(f[0]) : a;
    }

    /** The feedback rules of the closed-loop cases (see the fixture script). */
    private static Object closedLoop(JsonNode rule, float[] obs) {
        if (rule.get("rule").asText().equals("linear")) {
            double u = 0;
            Iterator<JsonNode> g = rule.get("gains").elements();
            for (int i = 0; g.hasNext(); i++) {
                u += g.next().asDouble() * obs[i];
            }
            return u > 0 ? 1 : 0;
        }
        float v = obs[rule.get("index").asInt()];
        boolean above = rule.get("inclusive").asBoolean() ? v >= 0 : v > 0;
        return above ? rule.get("above").asInt() : rule.get("below").asInt();
    }

    private static Object state(Env<?, ?> env) {
        Env<?, ?> e = env;
        while (e instanceof Wrapper<?, ?> w) {
            e = w.inner();
        }
        if (e instanceof CartPole cp) {
            return cp.state();
        } else if (e instanceof MountainCar mc) {
            return mc.state();
        } else if (e instanceof Acrobot ac) {
            return ac.state();
        } else if (e instanceof Pendulum p) {
            return p.state();
        }
        throw new AssertionError("no state accessor for " + e);
    }

    private static double compare(String what, Object got, JsonNode want, double dev) {
        if (want.isNumber() && got instanceof Integer i) {
            assertThat(i).as(what).isEqualTo(want.asInt());
            return dev;
        }
        double[] g;
        if (got instanceof float[] f) {
            g = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                g[i] = f[i];
            }
        } else {
            g = (double[]) got;
        }
        assertThat(g).as(what + " length").hasSize(want.size());
        for (int i = 0; i < g.length; i++) {
            double d = Math.abs(g[i] - want.get(i).asDouble());
            assertThat(d).as("%s[%d]: got %s, reference %s", what, i, g[i], want.get(i).asDouble()).isLessThanOrEqualTo(TOL);
            dev = Math.max(dev, d);
        }
        return dev;
    }
}
