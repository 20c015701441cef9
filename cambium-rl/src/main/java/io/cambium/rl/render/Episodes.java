package io.cambium.rl.render;

import io.cambium.rl.agents.Policy;
import io.cambium.rl.env.Env;
import io.cambium.rl.env.Step;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Records rendered episodes: the frames of one episode, its animated GIF, a PNG of a frame. */
public final class Episodes {
    /** The frames of an episode and its return. */
    public record Recording(List<BufferedImage> frames, double episodeReturn, int length) {
    }

    private Episodes() {
    }

    /**
     * Runs one episode from {@code reset(seed)} with {@code policy} (deterministic actions) and
     * renders the first observation and every step, up to {@code maxFrames} frames.
     */
    @SuppressWarnings("unchecked")
    public static <O, A> Recording record(Env<?, ?> env, Policy<O, A> policy, long seed, int maxFrames) {
        Env<O, A> e = (Env<O, A>) env;
        O obs = e.reset(seed).observation();
        List<BufferedImage> frames = new ArrayList<>();
        frames.add(e.render());
        double ret = 0;
        int len = 0;
        while (true) {
            Step<O> s = e.step(policy.act(obs, true));
            ret += s.reward();
            len++;
            if (frames.size() < maxFrames) {
                frames.add(e.render());
            }
            obs = s.observation();
            if (s.done()) {
                return new Recording(frames, ret, len);
            }
        }
    }

    /**
     * Records one episode and writes it as an animated GIF at the environment's frame rate
     * ({@code delayMillis} per frame).
     */
    public static Recording writeGif(Env<?, ?> env, Policy<?, ?> policy, long seed, int maxFrames, int delayMillis, Path gif)
            throws IOException {
        Recording r = record(env, policy, seed, maxFrames);
        Frames.writeGif(r.frames(), delayMillis, gif);
        return r;
    }

    /** Gymnasium's render frame rate of an environment id, as a delay per frame in milliseconds. */
    public static int frameDelayMillis(String envId) {
        return switch (envId) {
            case "CartPole-v1" -> 20;
            case "Acrobot-v1" -> 67;
            case "MountainCar-v0", "Pendulum-v1" -> 33;
            default -> 250;
        };
    }
}
