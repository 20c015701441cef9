package io.cambium.cli.commands;

import io.cambium.cli.UserError;
import io.cambium.nn.io.InvalidFileException;
import io.cambium.rl.agents.Agent;
import io.cambium.rl.agents.Agents;
import io.cambium.rl.agents.Policy;
import io.cambium.rl.envs.Envs;
import io.cambium.rl.render.Episodes;
import io.cambium.rl.render.Frames;
import io.cambium.rl.train.Evaluation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** Evaluates a saved agent over seeded episodes; optionally records a GIF and a PNG frame. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Mean and standard deviation of a saved agent's return over seeded episodes "
                + "(deterministic actions), with an optional GIF of the first episode.")
public final class RlEvalCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-f", "--agent-file"}, required = true, description = "An agent file written by 'cambium rl train'.")
    Path file;

    @Option(names = "--episodes", defaultValue = "100", description = "Episodes (default ${DEFAULT-VALUE}).")
    int episodes;

    @Option(names = "--seed", defaultValue = "10000", description = "Seed of the first episode; episode i uses seed + i "
            + "(default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--stochastic", description = "Sample actions (with exploration) instead of acting deterministically.")
    boolean stochastic;

    @Option(names = "--gif", description = "Record the first episode as an animated GIF.")
    Path gif;

    @Option(names = "--frame", description = "Write the first frame of the episode as a PNG.")
    Path frame;

    @Override
    public Integer call() throws IOException {
        if (episodes < 1) {
            throw new UserError("--episodes must be >= 1, got " + episodes);
        }
        Agent<?, ?> a = load(file);
        PrintWriter w = spec.commandLine().getOut();
        Evaluation.Result r = Evaluation.evaluate(policy(a), Envs.factory(a.envId()), episodes, seed, !stochastic);
        w.printf(Locale.ROOT, "%s agent on %s, trained %,d steps%n", a.algorithm(), a.envId(), a.steps());
        w.printf(Locale.ROOT, "mean return: %.2f +/- %.2f over %d episodes (seeds %d..%d)%n", r.mean(), r.std(), episodes,
                seed, seed + episodes - 1);
        double meanLength = 0;
        for (int l : r.lengths()) {
            meanLength += l;
        }
        w.printf(Locale.ROOT, "mean episode length: %.1f%n", meanLength / episodes);
        Double thr = Envs.spec(a.envId()).rewardThreshold();
        if (thr != null) {
            w.println(r.mean() >= thr ? "solved (threshold " + thr + ")" : "below the threshold " + thr);
        }
        if (gif != null || frame != null) {
            Episodes.Recording rec = gif != null ? writeGif(a, gif, seed, w) : Episodes.record(Envs.make(a.envId()), policy(a), seed, 1);
            if (frame != null) {
                try {
                    Frames.writePng(rec.frames().get(0), frame);
                } catch (IOException e) {
                    throw new UserError("cannot write " + frame + ": " + e.getMessage(), e);
                }
                w.println("frame: " + frame);
            }
        }
        w.flush();
        return 0;
    }

    /** Loads an agent file, turning file problems into one-line user errors. */
    static Agent<?, ?> load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new UserError("agent file not found: " + file);
        }
        try {
            return Agents.load(file);
        } catch (NoSuchFileException e) {
            throw new UserError("agent file not found: " + file);
        } catch (InvalidFileException e) {
            throw new UserError(e.getMessage(), e);
        } catch (IOException e) {
            throw new UserError("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    static Policy<Object, Object> policy(Agent<?, ?> a) {
        return (Policy<Object, Object>) a;
    }

    /** Records one deterministic episode from {@code seed} as a GIF. */
    static Episodes.Recording writeGif(Agent<?, ?> a, Path gif, long seed, PrintWriter w) {
        try {
            Episodes.Recording r = Episodes.writeGif(Envs.make(a.envId()), policy(a), seed, 1000,
                    Episodes.frameDelayMillis(a.envId()), gif);
            w.printf(Locale.ROOT, "episode GIF: %s (%d frames, return %.1f)%n", gif, r.frames().size(), r.episodeReturn());
            return r;
        } catch (IOException e) {
            throw new UserError("cannot write " + gif + ": " + e.getMessage(), e);
        }
    }
}
