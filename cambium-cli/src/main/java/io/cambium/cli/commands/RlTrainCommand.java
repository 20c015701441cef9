package io.cambium.cli.commands;

import io.cambium.cli.UserError;
import io.cambium.rl.agents.Agent;
import io.cambium.rl.agents.Agents;
import io.cambium.rl.agents.Callback;
import io.cambium.rl.envs.Envs;
import io.cambium.rl.train.EvalCallback;
import io.cambium.rl.train.Evaluation;
import io.cambium.rl.train.TrainingLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** Trains an agent on an environment, evaluating it periodically, and saves it with its learning curves. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train an agent (rl-baselines3-zoo's tuned settings where published) with periodic seeded "
                + "evaluations; save it, its learning curves (PNG) and optionally a GIF of an episode.")
public final class RlTrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--env", required = true, description = "Environment id: ${COMPLETION-CANDIDATES}.",
            completionCandidates = EnvIds.class)
    String env;

    @Option(names = "--agent", required = true, description = "Algorithm: dqn, ppo, a2c, reinforce, q_learning.")
    String agent;

    @Option(names = "--steps", description = "Environment steps (default: rl-zoo's budget for the pair, else 100000).")
    Long steps;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of weights, exploration and environments (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--resume", description = "Continue training an agent file instead of creating a new agent.")
    Path resume;

    @Option(names = "--eval-every", defaultValue = "10000", description = "Steps between evaluations (default ${DEFAULT-VALUE}).")
    long evalEvery;

    @Option(names = "--eval-episodes", defaultValue = "20", description = "Episodes per evaluation (default ${DEFAULT-VALUE}).")
    int evalEpisodes;

    @Option(names = "--eval-seed", defaultValue = "10000", description = "Seed of the first evaluation episode (default ${DEFAULT-VALUE}).")
    long evalSeed;

    @Option(names = "--threshold", description = "Mean evaluation return that counts as solved "
            + "(default: Gymnasium's reward threshold of the environment).")
    Double threshold;

    @Option(names = "--stop-when-solved", description = "Stop at the first evaluation that reaches the threshold.")
    boolean stopWhenSolved;

    @Option(names = {"-o", "--out"}, description = "Agent file (default cambium-output/rl/<agent>-<env>.cambium).")
    Path out;

    @Option(names = "--plot", description = "Learning-curve PNG (default: next to the agent file).")
    Path plot;

    @Option(names = "--gif", description = "Also record one deterministic episode as an animated GIF.")
    Path gif;

    @Override
    public Integer call() throws IOException {
        PrintWriter w = spec.commandLine().getOut();
        Agent<?, ?> a = resume != null ? RlEvalCommand.load(resume) : create();
        String envId = a.envId();
        long budget = steps != null ? steps : Agents.zooTimesteps(a.algorithm(), envId, 100_000);
        if (budget < 1 || evalEvery < 1 || evalEpisodes < 1) {
            throw new UserError("--steps, --eval-every and --eval-episodes must be >= 1");
        }
        Double thr = threshold != null ? threshold : Envs.spec(envId).rewardThreshold();
        EvalCallback eval = new EvalCallback(Envs.factory(envId), evalEvery, evalEpisodes, evalSeed)
                .stopAtThreshold(stopWhenSolved).verbose(io.cambium.cli.Main.printStream(w));
        if (thr != null) {
            eval.threshold(thr);
        }
        List<Callback> callbacks = new ArrayList<>(List.of(eval));
        w.printf(Locale.ROOT, "Training %s on %s for %,d steps (seed %d)%n", a.algorithm(), envId, budget, seed);
        w.flush();
        TrainingLog log = a.learn(budget, callbacks);
        Evaluation.Result last = eval.last() != null && log.evaluations().get(log.evaluations().size() - 1).step() == a.steps()
                ? eval.last() : Evaluation.evaluate(RlEvalCommand.policy(a), Envs.factory(envId), evalEpisodes, evalSeed, true);
        Path file = out != null ? out : Path.of("cambium-output", "rl", a.algorithm() + "-" + envId + ".cambium");
        Path png = plot != null ? plot : sibling(file, ".png");
        try {
            a.save(file);
            log.writePng(png, a.algorithm().toUpperCase(Locale.ROOT) + " on " + envId, thr);
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new UserError("cannot write " + file + " or " + png + ": " + e.getMessage(), e);
        }
        w.printf(Locale.ROOT, "steps: %,d in %.1f s (%,.0f steps/s)%n", a.steps(), log.seconds(), a.steps() / Math.max(1e-9, log.seconds()));
        w.printf(Locale.ROOT, "final evaluation: %s%n", last);
        if (thr != null) {
            w.println(log.solvedStep() == null ? String.format(Locale.ROOT, "not solved (threshold %s)", thr)
                    : String.format(Locale.ROOT, "solved at step %,d after %.1f s (threshold %s)", log.solvedStep(),
                    log.solvedSeconds(), thr));
        }
        w.println("agent file: " + file);
        w.println("learning curves: " + png);
        if (gif != null) {
            RlEvalCommand.writeGif(a, gif, evalSeed, w);
        }
        w.flush();
        return 0;
    }

    private Agent<?, ?> create() {
        try {
            return Agents.create(agent, env, seed);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage(), e);
        }
    }

    private static Path sibling(Path file, String ext) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return file.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ext);
    }

    /** The registered environment ids, for the help text. */
    static final class EnvIds extends ArrayList<String> {
        private static final long serialVersionUID = 1L;

        EnvIds() {
            super(Envs.ids());
        }
    }
}
