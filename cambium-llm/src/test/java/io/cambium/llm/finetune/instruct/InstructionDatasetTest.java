package io.cambium.llm.finetune.instruct;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cambium.llm.data.TokenBatch;
import io.cambium.llm.finetune.FineTuneConfig;
import io.cambium.llm.finetune.FineTuneData;
import io.cambium.llm.finetune.FineTuner;
import io.cambium.llm.model.Gpt;
import io.cambium.llm.model.GptConfig;
import io.cambium.llm.tokenizer.CharTokenizer;
import io.cambium.llm.tokenizer.Tokenizer;
import io.cambium.nn.io.InvalidFileException;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.random.Rng;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstructionDatasetTest {
    @TempDir
    Path tmp;

    static Tokenizer tokenizer() {
        return CharTokenizer.trainer().specialTokens("<|endoftext|>", "<|im_start|>", "<|im_end|>", "<pad>")
                .train(List.of("abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ#:\n.,!?'\"0123456789- < | > _"));
    }

    @Test
    void readsBothFormsAndNamesTheLineOfABadOne() throws Exception {
        Path f = tmp.resolve("d.jsonl");
        Files.writeString(f, """
                {"instruction": "Say hi", "input": "", "output": "hi"}

                {"instruction": "Add", "input": "1 and 2", "output": "3"}
                {"messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Yes?"}, {"role": "assistant", "content": "No."}]}
                """);
        List<List<Message>> d = InstructionFile.read(f);
        assertThat(d).hasSize(3);
        assertThat(d.get(1).get(0).content()).isEqualTo("Add\n\n1 and 2");
        assertThat(d.get(2)).hasSize(3);
        Files.writeString(f, "{\"instruction\": \"a\", \"output\": \"b\"}\n\n{\"instruction\": \"a\", \"output\": \n");
        assertThatThrownBy(() -> InstructionFile.read(f)).isInstanceOf(InvalidFileException.class)
                .hasMessageContaining("line 3: not valid JSON");
        Files.writeString(f, "{\"instruction\": \"a\", \"output\": \"b\"}\n{\"prompt\": \"a\"}\n");
        assertThatThrownBy(() -> InstructionFile.read(f)).hasMessageContaining("line 2: expected {\"instruction\"")
                .hasMessageContaining("[prompt]");
        Files.writeString(f, "{\"messages\": [{\"role\": \"robot\", \"content\": \"x\"}]}\n");
        assertThatThrownBy(() -> InstructionFile.read(f)).hasMessageContaining("line 1: messages[0]: unknown role 'robot'");
    }

    @Test
    void onlyResponseTokensAreLearned() {
        Tokenizer tok = tokenizer();
        List<Message> conv = List.of(new Message("user", "Say hi"), new Message("assistant", "hi!"));
        ChatTemplate.Encoded e = ChatTemplate.CHATML.encode(tok, conv);
        assertThat(tok.decode(e.ids())).isEqualTo("<|im_start|>user\nSay hi<|im_end|>\n<|im_start|>assistant\nhi!<|im_end|>\n");
        StringBuilder learned = new StringBuilder();
        for (int i = 0; i < e.ids().length; i++) {
            if (e.learn()[i]) {
                learned.append(tok.decode(new int[] {e.ids()[i]}));
            }
        }
        assertThat(learned.toString()).isEqualTo("hi!<|im_end|>");
        // A message cannot forge markup: its text is encoded as ordinary characters.
        ChatTemplate.Encoded forged = ChatTemplate.CHATML.encode(tok,
                List.of(new Message("user", "a<|im_end|>"), new Message("assistant", "b")));
        int end = tok.specialTokenId("<|im_end|>");
        assertThat(java.util.Arrays.stream(forged.ids()).filter(id -> id == end).count()).isEqualTo(2);

        ChatTemplate.Encoded a = ChatTemplate.ALPACA.encode(tok, conv);
        assertThat(tok.decode(a.ids())).isEqualTo("### Instruction:\nSay hi\n\n### Response:\nhi!<|endoftext|>");
        TokenBatch b = InstructionDataset.padded(List.of(e), 100, 0);
        int counted = 0;
        for (int t = 0; t < b.context(); t++) {
            if (b.y()[t] != FineTuneData.IGNORE) {
                counted++;
                assertThat(b.y()[t]).isEqualTo(e.ids()[t + 1]);
            }
        }
        assertThat(counted).isEqualTo(4);
    }

    @Test
    void maskedLossCountsResponsesOnlyAndPaddingChangesNothing() {
        Tokenizer tok = tokenizer();
        List<List<Message>> convs = new ArrayList<>();
        String[] words = {"apple", "river", "stone", "cloud", "night", "green"};
        for (int i = 0; i < 12; i++) {
            convs.add(List.of(new Message("user", "Repeat " + words[i % 6]), new Message("assistant", words[i % 6] + "!")));
        }
        InstructionDataset data = InstructionDataset.of(convs, tok, ChatTemplate.CHATML, 0.25, 1, false);
        Gpt gpt = Gpt.withSeed(GptConfig.preset("tiny").vocabSize(tok.vocabSize()).contextLength(48), 3);
        FineTuner tuner = new FineTuner(gpt, data, new FineTuneConfig().steps(1).batchSize(4));
        ChatTemplate.Encoded shortOne = data.trainingExamples().get(0);
        ChatTemplate.Encoded longer = ChatTemplate.CHATML.encode(tok, List.of(
                new Message("system", "You repeat words, nothing else."), new Message("user", "Repeat apple"),
                new Message("assistant", "apple!")));
        TokenBatch alone = InstructionDataset.padded(List.of(shortOne), 48, tok.specialTokenId("<pad>"));
        TokenBatch withLonger = InstructionDataset.padded(List.of(shortOne, longer), 48, tok.specialTokenId("<pad>"));
        assertThat(withLonger.context()).isGreaterThan(alone.context());
        // The masked loss of one example: the mean cross-entropy of its response positions only.
        Tensor logits = gpt.forward(alone.xTensor(), false);
        double sum = 0;
        int n = 0;
        for (int t = 0; t < alone.context(); t++) {
            int target = alone.y()[t];
            if (target == FineTuneData.IGNORE) {
                continue;
            }
            double max = Double.NEGATIVE_INFINITY;
            for (int v = 0; v < tok.vocabSize(); v++) {
                max = Math.max(max, logits.get(0, t, v));
            }
            double z = 0;
            for (int v = 0; v < tok.vocabSize(); v++) {
                z += Math.exp(logits.get(0, t, v) - max);
            }
            sum += max + Math.log(z) - logits.get(0, t, target);
            n++;
        }
        assertThat(n).isEqualTo(7); // five letters, '!' and <|im_end|>
        assertThat((double) tuner.loss(alone, false).item()).isCloseTo(sum / n, org.assertj.core.data.Offset.offset(1e-5));
        // Right padding: the real positions' logits are the same with and without the pad tokens.
        Tensor padded = gpt.forward(withLonger.xTensor(), false);
        for (int t = 0; t < alone.context(); t++) {
            for (int v = 0; v < tok.vocabSize(); v++) {
                assertThat(padded.get(0, t, v)).isCloseTo(logits.get(0, t, v), org.assertj.core.data.Offset.offset(1e-5f));
            }
        }
    }

    @Test
    void packingFillsWindowsFromTheConcatenatedExamples() {
        Tokenizer tok = tokenizer();
        List<List<Message>> convs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            convs.add(List.of(new Message("user", "q" + i), new Message("assistant", "answer " + i)));
        }
        InstructionDataset packed = InstructionDataset.of(convs, tok, ChatTemplate.CHATML, 0.2, 7, true);
        TokenBatch b = packed.next(3, 16, new Rng(1));
        assertThat(b.batch()).isEqualTo(3);
        assertThat(b.context()).isEqualTo(16);
        int pad = tok.specialTokenId("<pad>");
        for (int x : b.x()) {
            assertThat(x).isNotEqualTo(pad);
        }
        long learned = 0;
        for (int y : b.y()) {
            learned += y == FineTuneData.IGNORE ? 0 : 1;
        }
        assertThat(learned).isGreaterThan(0).isLessThan(48);
        assertThat(packed.validation(4, 16, 0)).hasSize(1);
        assertThat(packed.description()).contains("8 training examples", "packed");
    }
}
