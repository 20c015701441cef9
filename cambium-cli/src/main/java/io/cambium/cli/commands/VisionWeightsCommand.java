package io.cambium.cli.commands;

import io.cambium.zoo.weights.Pretrain;
import io.cambium.zoo.weights.Pretrained;
import io.cambium.zoo.weights.WeightCache;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Lists the registry: every set of pretrained weights with its architecture, data, accuracy and checksum. */
@Command(name = "weights", mixinStandardHelpOptions = true,
        description = "List the pretrained weights of the registry (architecture, data set, test accuracy, SHA-256, "
                + "shipped or cached) and the recipes that train them.")
public final class VisionWeightsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.println("Cache: " + WeightCache.dir() + " ($CAMBIUM_HOME/weights, else ~/.cache/cambium/weights)");
        for (Pretrained p : Pretrained.all()) {
            out.printf(Locale.ROOT, "%s%n  %s%n  trained on %s, test accuracy %.4f%n  SHA-256 %s%n  %s%s%n  train again: %s%n",
                    p.name(), p.architecture(), p.dataset(), p.accuracy(), p.sha256(), p.shipped() ? "shipped" : "not shipped",
                    Files.isRegularFile(WeightCache.file(p.name())) ? ", cached" : "", p.command());
        }
        for (String name : Pretrain.names()) {
            boolean listed = Pretrained.all().stream().anyMatch(p -> p.name().equals(name));
            if (!listed) {
                out.println(name + "\n  a recipe without registry weights yet: ./cambium vision pretrain " + name);
            }
        }
        out.flush();
        return 0;
    }
}
