package io.cambium.cli.commands.onnx;

import io.cambium.cli.UserError;
import io.cambium.interop.onnx.OnnxFormatException;
import io.cambium.interop.onnx.OnnxImporter;
import io.cambium.interop.onnx.OnnxModel;
import io.cambium.nn.io.IoErrors;
import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.NoGrad;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Imports an ONNX model, says what it holds, and runs it once to show that Cambium can. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Read an ONNX model (for example one written by torch.onnx.export), check it, list its"
                + " inputs, outputs, operators and parameters, and run it once on zeros.")
public final class OnnxImportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL.onnx", description = "The ONNX file.")
    Path file;

    @Option(names = "--batch-size", defaultValue = "1",
            description = "The size given to dynamic (named) dimensions for the trial run (default ${DEFAULT-VALUE}).")
    int batch;

    @Override
    public Integer call() {
        if (batch < 1) {
            throw new UserError("--batch-size must be >= 1, got " + batch);
        }
        OnnxModel m;
        try {
            m = OnnxImporter.load(file);
        } catch (NoSuchFileException e) {
            throw new UserError("ONNX file not found: " + file);
        } catch (IOException e) {
            throw new UserError("cannot read " + file + ": " + IoErrors.reason(file, e), e);
        } catch (OnnxFormatException e) {
            throw new UserError(e.getMessage(), e);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%s: ONNX opset %d, %,d nodes, %,d parameters%n", file, m.opset(), m.nodeCount(), m.countParams());
        List<Tensor> zeros = new ArrayList<>();
        List<int[]> shapes = m.inputShapes();
        for (int i = 0; i < shapes.size(); i++) {
            int[] s = shapes.get(i).clone();
            for (int a = 0; a < s.length; a++) {
                if (s[a] < 1) {
                    s[a] = batch;
                }
            }
            out.printf("  input %d: %s%n", i, Shape.str(shapes.get(i)).replace("-1", "?"));
            zeros.add(Tensor.zeros(s));
        }
        StringBuilder ops = new StringBuilder();
        for (Map.Entry<String, Integer> e : m.opTypes().entrySet()) {
            ops.append(ops.length() == 0 ? "" : ", ").append(e.getKey()).append(" x").append(e.getValue());
        }
        out.println("  operators: " + ops);
        List<Tensor> outputs;
        try (NoGrad g = NoGrad.scope()) {
            outputs = m.callAll(zeros, false);
        } catch (OnnxFormatException | IllegalArgumentException e) {
            throw new UserError(file + ": the trial run on zeros failed: " + e.getMessage(), e);
        }
        for (int i = 0; i < outputs.size(); i++) {
            out.printf("  output %d '%s': %s on the trial input%n", i, m.outputNames().get(i), Shape.str(outputs.get(i).shape()));
        }
        out.flush();
        return 0;
    }
}
