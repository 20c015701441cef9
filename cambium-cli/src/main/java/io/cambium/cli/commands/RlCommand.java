package io.cambium.cli.commands;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Reinforcement learning: train and evaluate agents on the registered environments (cambium-rl). */
@Command(name = "rl", mixinStandardHelpOptions = true,
        description = "Reinforcement learning: train and evaluate agents (DQN, PPO, A2C, REINFORCE, Q-learning) "
                + "on Gymnasium-style environments.",
        subcommands = {RlTrainCommand.class, RlEvalCommand.class, CommandLine.HelpCommand.class})
public final class RlCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
