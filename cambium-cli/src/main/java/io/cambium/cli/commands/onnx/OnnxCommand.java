package io.cambium.cli.commands.onnx;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Models in and out through ONNX (cambium-interop). */
@Command(name = "onnx", mixinStandardHelpOptions = true,
        description = "Export a Cambium or Keras model to ONNX (opset 17), or import and check an ONNX model.",
        subcommands = {OnnxExportCommand.class, OnnxImportCommand.class, CommandLine.HelpCommand.class})
public final class OnnxCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
