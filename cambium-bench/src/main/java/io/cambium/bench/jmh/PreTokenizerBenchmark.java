package io.cambium.bench.jmh;

import io.cambium.llm.corpus.Corpora;
import io.cambium.llm.tokenizer.ByteLevelBpeTokenizer;
import io.cambium.llm.tokenizer.Gpt2PreTokenizer;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Why GPT-2's pre-tokenization is a hand-written scanner: the scanner against the same pattern in
 * {@code java.util.regex}, both only splitting (summing piece lengths), and the whole encode
 * (split, cache lookups, merges) for scale, over the English fortunes and the classical poems
 * (installed or shipped excerpts; the figure printed is ms per pass; MB/s = text MB / seconds).
 * Run from the repository root as the other JMH benchmarks (see the README):
 * <pre>
 * java -cp cambium-bench/target/classes:$(cat /tmp/cambium-bench.cp) org.openjdk.jmh.Main PreTokenizerBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PreTokenizerBenchmark {
    private String text;
    private ByteLevelBpeTokenizer gpt2;

    @Setup
    public void setUp() {
        text = Corpora.englishFortunes().text("\n") + "\n" + Corpora.classicalPoetry().text();
        gpt2 = ByteLevelBpeTokenizer.gpt2();
        System.out.printf("%n[text: %,d UTF-8 bytes]%n", text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
    }

    @Benchmark
    public long scanner() {
        long sum = 0;
        int n = text.length();
        for (int i = 0; i < n; ) {
            int j = Gpt2PreTokenizer.next(text, i, n);
            sum += j - i;
            i = j;
        }
        return sum;
    }

    @Benchmark
    public long regex() {
        long sum = 0;
        Matcher m = Gpt2PreTokenizer.PATTERN.matcher(text);
        while (m.find()) {
            sum += m.end() - m.start();
        }
        return sum;
    }

    @Benchmark
    public int[] encode() {
        return gpt2.encode(text);
    }
}
