package io.cambium.cli.commands;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The vision model zoo (cambium-zoo): pretrained weights, their training commands, experiments and comparisons. */
@Command(name = "vision", mixinStandardHelpOptions = true,
        description = "The vision model zoo: list and train the pretrained weights (ResNet, MobileNetV2 on "
                + "Fashion-MNIST), run the transfer-learning and ResNet experiments, compare architectures.",
        subcommands = {VisionWeightsCommand.class, VisionPretrainCommand.class, VisionExperimentCommand.class,
            VisionCompareCommand.class, CommandLine.HelpCommand.class})
public final class VisionCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
