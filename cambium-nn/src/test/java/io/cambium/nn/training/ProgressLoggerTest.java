package io.cambium.nn.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressLoggerTest {
    @Test
    void barIsRedrawnInPlaceAndEndsWithTheEpochSummary() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        ProgressLogger p = new ProgressLogger(new PrintStream(buf, true, StandardCharsets.UTF_8), true, 3, 4);
        p.onEpochBegin(0, new LinkedHashMap<>());
        Map<String, Double> logs = new LinkedHashMap<>();
        logs.put("loss", 0.5);
        logs.put("accuracy", 0.00012);
        p.onTrainBatchEnd(0, logs);
        p.onTrainBatchEnd(3, logs);
        logs.put("val_loss", 0.25);
        p.onEpochEnd(0, logs);
        String s = buf.toString(StandardCharsets.UTF_8);
        assertThat(s).startsWith("Epoch 1/3\n\r1/4 [======>.......................] - ETA: ");
        assertThat(s).contains("\r4/4 [==============================] - ETA: 0ms - loss: 0.5000 - accuracy: 1.2000e-04");
        assertThat(s).matches("(?s).*\r4/4 \\[=+\\] - \\d+ms \\d+[mu]?s/step - loss: 0\\.5000 - accuracy: 1\\.2000e-04"
                + " - val_loss: 0\\.2500\n");
    }

    @Test
    void unknownStepCountShowsTheCountOnly() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        ProgressLogger p = new ProgressLogger(new PrintStream(buf, true, StandardCharsets.UTF_8), false, 1, -1);
        p.onEpochBegin(0, new LinkedHashMap<>());
        p.onTrainBatchEnd(0, Map.of("loss", 1.0));
        p.onTrainBatchEnd(1, Map.of("loss", 1.0));
        p.onEpochEnd(0, new LinkedHashMap<>(Map.of("loss", 1.0)));
        assertThat(buf.toString(StandardCharsets.UTF_8)).matches("Epoch 1/1\n2/2 - \\d+ms - \\d+[mu]?s/step - loss: 1\\.0000\n");
    }
}
