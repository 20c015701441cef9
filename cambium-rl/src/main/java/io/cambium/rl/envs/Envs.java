package io.cambium.rl.envs;

import io.cambium.rl.env.Env;
import io.cambium.rl.env.TimeLimit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The registered environments by Gymnasium id ({@code gymnasium.make}): each is created with its
 * registered time limit as a {@link TimeLimit} wrapper.
 *
 * <table>
 *   <caption>Registered environments</caption>
 *   <tr><th>id</th><th>time limit</th><th>reward threshold</th></tr>
 *   <tr><td>CartPole-v1</td><td>500</td><td>475</td></tr>
 *   <tr><td>MountainCar-v0</td><td>200</td><td>-110</td></tr>
 *   <tr><td>Acrobot-v1</td><td>500</td><td>-100</td></tr>
 *   <tr><td>Pendulum-v1</td><td>200</td><td>none</td></tr>
 *   <tr><td>FrozenLake-v1</td><td>100</td><td>0.70</td></tr>
 *   <tr><td>FrozenLake8x8-v1</td><td>200</td><td>0.85</td></tr>
 * </table>
 */
public final class Envs {
    /** A registration: id, the unwrapped constructor, time limit and Gymnasium's reward threshold (or null). */
    public record Spec(String id, Supplier<Env<?, ?>> entryPoint, int maxEpisodeSteps, Double rewardThreshold) {
    }

    private static final Map<String, Spec> SPECS = new LinkedHashMap<>();

    static {
        register(new Spec("CartPole-v1", CartPole::new, 500, 475.0));
        register(new Spec("MountainCar-v0", MountainCar::new, 200, -110.0));
        register(new Spec("Acrobot-v1", Acrobot::new, 500, -100.0));
        register(new Spec("Pendulum-v1", Pendulum::new, 200, null));
        register(new Spec("FrozenLake-v1", () -> new FrozenLake(FrozenLake.MAP_4X4, true), 100, 0.70));
        register(new Spec("FrozenLake8x8-v1", () -> new FrozenLake(FrozenLake.MAP_8X8, true), 200, 0.85));
    }

    private Envs() {
    }

    private static void register(Spec s) {
        SPECS.put(s.id(), s);
    }

    /** The registered ids. */
    public static List<String> ids() {
        return List.copyOf(SPECS.keySet());
    }

    /**
     * The registration of {@code id}.
     *
     * @throws IllegalArgumentException for an unknown id, listing the known ones
     */
    public static Spec spec(String id) {
        Spec s = SPECS.get(id);
        if (s == null) {
            throw new IllegalArgumentException("unknown environment '" + id + "' (known: " + String.join(", ", SPECS.keySet()) + ")");
        }
        return s;
    }

    /** The environment {@code id} with its registered time limit. */
    public static Env<?, ?> make(String id) {
        Spec s = spec(id);
        return limit(s.entryPoint().get(), s.maxEpisodeSteps());
    }

    /** The environment {@code id} with a time limit of {@code maxEpisodeSteps} instead of the registered one. */
    public static Env<?, ?> make(String id, int maxEpisodeSteps) {
        return limit(spec(id).entryPoint().get(), maxEpisodeSteps);
    }

    /** A factory of {@link #make(String)}, for vectorized environments and agents. */
    public static Supplier<Env<?, ?>> factory(String id) {
        spec(id);
        return () -> make(id);
    }

    private static <O, A> Env<O, A> limit(Env<O, A> env, int steps) {
        return new TimeLimit<>(env, steps);
    }
}
