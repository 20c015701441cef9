import io.cambium.cli.llm.LmData;
import io.cambium.llm.finetune.FineTuneConfig;
import io.cambium.llm.finetune.FineTuneData;
import io.cambium.llm.finetune.FineTuner;
import io.cambium.llm.finetune.lora.LoraConfig;
import io.cambium.llm.finetune.lora.LoraLayer;
import io.cambium.llm.finetune.lora.LoraModel;
import io.cambium.llm.model.Gpt;
import io.cambium.nn.io.SafeTensors;
import io.cambium.tensor.Tensor;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Validation loss on tang300 (the acceptance split: seed 7, 10 %) of a base and a fully fine-tuned
 * GPT with other token tables (tied_table_probe.py writes them), and with the fine-tuned table's
 * change on one side of the tie only: a full-rank lookup-only LoRA (ensure_weight_tying=false)
 * holds the difference, so the input rows and the output projection see different tables.
 *   java --add-modules jdk.incubator.vector -cp cambium-cli/target/cambium.jar \
 *       tools/llm/TiedTableProbe.java BASE_RUN_DIR FULL.cambium TABLES.safetensors
 */
public class TiedTableProbe {
    public static void main(String[] args) throws Exception {
        Path baseRun = Path.of(args[0]);
        Path fullModel = Path.of(args[1]);
        Map<String, Tensor> tables = SafeTensors.readTensors(Path.of(args[2]));
        LmData d = LmData.load(new LmData.Spec(List.of("tang300"), List.of(), baseRun.resolve("tokenizer.json"), 0.1, 7));
        FineTuneData data = FineTuneData.text(d.train(), d.validation());
        Tensor e0 = tables.get("E0");
        Tensor e1 = tables.get("E1");
        for (String which : new String[] {"base", "fine-tuned"}) {
            Path file = which.equals("base") ? baseRun.resolve("ckpt.cambium") : fullModel;
            Gpt g = Gpt.load(file);
            FineTuner probe = new FineTuner(g, data, new FineTuneConfig().steps(1).batchSize(8).context(128));
            for (String t : new String[] {"E0", "E1", "rank1", "rank2", "rank4", "rank8", "rank16", "rank32"}) {
                g.tokenEmbedding().assign(tables.get(t));
                System.out.printf("%s blocks, table %-6s: validation loss %.4f%n", which, t,
                        probe.evaluate(data.validation(8, 128, 0)));
            }
            for (boolean inputSide : new boolean[] {true, false}) {
                Gpt h = Gpt.load(file);
                int dim = e0.dim(1);
                // The base table holds what the output sees; the adapter adds the difference to the lookup only.
                h.tokenEmbedding().assign(inputSide ? e0 : e1);
                LoraModel lora = LoraModel.wrap(h, new LoraConfig().r(dim).alpha(dim).targetModules("wte"));
                LoraLayer w = lora.loraLayers().get("wte");
                w.loraA(LoraModel.DEFAULT).assign(inputSide ? e1.sub(e0) : e0.sub(e1));
                float[] eye = new float[dim * dim];
                for (int i = 0; i < dim; i++) {
                    eye[i * dim + i] = 1f;
                }
                w.loraB(LoraModel.DEFAULT).assign(new Tensor(eye, dim, dim));
                FineTuner p = new FineTuner(h, data, new FineTuneConfig().steps(1).batchSize(8).context(128));
                System.out.printf("%s blocks, %s: validation loss %.4f%n", which,
                        inputSide ? "E1 in the lookup, E0 in the output" : "E0 in the lookup, E1 in the output",
                        p.evaluate(data.validation(8, 128, 0)));
            }
        }
    }
}
