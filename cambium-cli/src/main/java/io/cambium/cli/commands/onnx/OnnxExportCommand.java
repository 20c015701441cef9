package io.cambium.cli.commands.onnx;

import io.cambium.cli.UserError;
import io.cambium.cli.support.ModelSources;
import io.cambium.interop.onnx.OnnxExporter;
import io.cambium.interop.onnx.OnnxFormatException;
import io.cambium.interop.onnx.ReadBack;
import io.cambium.interop.onnx.proto.ModelProto;
import io.cambium.llm.model.Gpt;
import io.cambium.llm.model.GptConfig;
import io.cambium.nn.Model;
import io.cambium.nn.io.IoErrors;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.random.Rng;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Writes a model as ONNX and checks the file: Cambium's importer reads it back and its outputs on a
 * random batch are compared with the model's. A GPT (cambium-llm) is written with int64
 * {@code input_ids [batch, sequence]} and {@code logits [batch, sequence, vocab]}.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write a model (a file from 'cambium train', a Keras .keras file, or a GPT: a pretraining run"
                + " directory, a GPT model file or a Hugging Face GPT-2 checkpoint directory) as ONNX (opset 17,"
                + " dynamic batch size; a GPT's sequence length too), then read it back and compare its outputs with"
                + " the model's.")
public final class OnnxExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-f", "--model-file"}, required = true,
            description = "A model file written by 'cambium train' (.cambium), a Keras 3 .keras file, or a GPT:"
                    + " a run directory of 'cambium pretrain' (its ckpt.cambium), a GPT model file, or a Hugging Face"
                    + " GPT-2 checkpoint directory.")
    Path modelFile;

    @Option(names = {"-o", "--output"}, required = true, description = "The ONNX file to write.")
    Path output;

    @Override
    public Integer call() {
        Model m = ModelSources.loadForExport(modelFile);
        ModelProto proto;
        try {
            proto = OnnxExporter.toProto(m);
        } catch (UnsupportedOperationException e) {
            throw new UserError(modelFile + ": " + e.getMessage(), e);
        }
        try {
            OnnxExporter.save(m, output);
        } catch (IOException e) {
            throw new UserError("cannot write " + output + ": " + IoErrors.reason(output, e), e);
        }
        PrintWriter out = spec.commandLine().getOut();
        long bytes;
        try {
            bytes = Files.size(output);
        } catch (IOException e) {
            bytes = -1;
        }
        out.printf("wrote %s: ONNX opset %d, %,d nodes, %,d initializers, %,d bytes%n", output,
                proto.getOpsetImport(0).getVersion(), proto.getGraph().getNodeCount(),
                proto.getGraph().getInitializerCount(), bytes);
        // The check: Cambium's importer runs the file and must give the model's outputs.
        List<Tensor> inputs = new ArrayList<>();
        Rng rng = new Rng(0);
        if (m instanceof Gpt gpt) {
            // token ids anywhere in the vocabulary, a sequence of 8 (or the context, if shorter)
            GptConfig c = gpt.gptConfig();
            int[] s = {2, Math.min(8, c.contextLength())};
            float[] d = new float[s[0] * s[1]];
            for (int i = 0; i < d.length; i++) {
                d[i] = rng.nextInt(c.vocabSize());
            }
            inputs.add(new Tensor(d, s));
        }
        List<int[]> shapes = m instanceof Gpt ? List.of() : m.inputShapes();
        for (int i = 0; i < shapes.size(); i++) {
            int[] s = shapes.get(i).clone();
            s[0] = 2;
            for (int a = 1; a < s.length; a++) {
                // a length the model leaves open (a sequence): any will do
                s[a] = s[a] < 1 ? 8 : s[a];
            }
            inputs.add(proto.getGraph().getInput(i).getType().getTensorType().getElemType() == 7
                    ? ids(rng, s) : Tensor.uniform(rng, 0f, 1f, s));
        }
        double worst;
        try {
            worst = ReadBack.compare(m, output, inputs);
        } catch (IOException | OnnxFormatException e) {
            throw new IllegalStateException("the written file does not read back: " + e.getMessage(), e);
        }
        out.printf("read back by Cambium's ONNX importer: outputs on a random batch of 2 within %.2g (relative)%n", worst);
        out.flush();
        if (!(worst < 1e-4)) {
            throw new IllegalStateException("the exported model's outputs differ from the model's by " + worst);
        }
        return 0;
    }

    /** Random token ids 0 and 1 (valid for any embedding), held as floats as Cambium holds ids. */
    private static Tensor ids(Rng rng, int[] shape) {
        float[] d = new float[io.cambium.tensor.Shape.numel(shape)];
        for (int i = 0; i < d.length; i++) {
            d[i] = rng.nextInt(2);
        }
        return new Tensor(d, shape);
    }
}
