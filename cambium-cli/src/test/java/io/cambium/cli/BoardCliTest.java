package io.cambium.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cambium.board.tensorboard.EventFileReader;
import io.cambium.board.tensorboard.SummaryWriter;
import io.cambium.board.tensorboard.proto.Event;
import io.cambium.board.tensorboard.proto.Summary;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --dashboard --logdir --diagnostics} and {@code board}, end to end in-process. */
class BoardCliTest {
    @TempDir
    Path dir;

    private static List<Float> scalars(Path runDir, String tag) throws IOException {
        List<Float> out = new ArrayList<>();
        for (Event e : EventFileReader.readDirectory(runDir)) {
            for (Summary.Value v : e.getSummary().getValueList()) {
                if (v.getTag().equals(tag)) {
                    out.add(SummaryWriter.scalarValue(v));
                }
            }
        }
        return out;
    }

    private static String url(String out) {
        Matcher m = Pattern.compile("Dashboard: (http://127\\.0\\.0\\.1:\\d+/)").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        return m.group(1);
    }

    @Test
    void trainServesTheDashboardWritesTensorBoardLogsAndReportsGradientsThenBoardComparesTheLogs() throws Exception {
        Path logs = dir.resolve("logs");
        CliRunner.Result t = CliRunner.run("train", "--model", "mlp", "--data", "fashion-mnist-subset", "--epochs", "2",
                "--batch-size", "64", "--seed", "3", "--quiet", "-o", dir.resolve("out/m.cambium").toString(),
                "--dashboard", "--logdir", logs.resolve("mlp").toString(), "--diagnostics", "--diagnostics-every", "5");
        assertThat(t.code()).as(t.err() + t.out()).isZero();
        String url = url(t.out());
        assertThat(t.out()).contains("Gradient report: HEALTHY", "Gradients are healthy");
        // The server stopped with the run.
        HttpClient http = HttpClient.newHttpClient();
        try {
            http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
            throw new AssertionError("the dashboard still answers after the run");
        } catch (IOException expected) {
            // connection refused
        }
        Matcher loss = Pattern.compile("(?s)Epoch 2/2.*? loss: ([0-9.]+)").matcher(t.out());
        assertThat(loss.find()).as(t.out()).isTrue();
        List<Float> epochLoss = scalars(logs.resolve("mlp/train"), "epoch_loss");
        assertThat(epochLoss).hasSize(2);
        assertThat((double) epochLoss.get(1)).isCloseTo(Double.parseDouble(loss.group(1)),
                org.assertj.core.data.Offset.offset(5e-5));
        assertThat(scalars(logs.resolve("mlp/validation"), "epoch_loss")).hasSize(2);
        assertThat(scalars(logs.resolve("mlp/train"), "gradients/global_norm")).isNotEmpty();

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int[] code = {-1};
        Thread board = new Thread(() -> code[0] = Main.run(new String[] {"board", logs.toString()},
                new PrintWriter(out, true), new PrintWriter(err, true)));
        board.start();
        String boardUrl = null;
        for (int i = 0; i < 600 && boardUrl == null; i++) {
            Matcher m = Pattern.compile("Dashboard: (http://127\\.0\\.0\\.1:\\d+/)").matcher(out.toString());
            boardUrl = m.find() ? m.group(1) : null;
            Thread.sleep(50);
        }
        assertThat(boardUrl).as(out + " " + err).isNotNull();
        String state = http.send(HttpRequest.newBuilder(URI.create(boardUrl + "api/state")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(state).contains("\"name\":\"mlp\"", "\"status\":\"finished\"", "\"learning_rate\":0.001");
        board.interrupt();
        board.join(10_000);
        assertThat(board.isAlive()).isFalse();
    }

    @Test
    void dashboardMistakesAreOneLineErrors() {
        UserErrorsTest.assertOneLineError(CliRunner.run("train", "--model", "mlp", "--data", "fashion-mnist-subset",
                "--dashboard-stay"), "need --dashboard");
        UserErrorsTest.assertOneLineError(CliRunner.run("train", "--model", "mlp", "--data", "fashion-mnist-subset",
                "--epochs", "1", "-o", dir.resolve("x/m.cambium").toString(), "--dashboard", "--dashboard-host",
                "0.0.0.0"), "loopback only", "explicit remote flag");
        UserErrorsTest.assertOneLineError(CliRunner.run("board", dir.resolve("nothing").toString()), "nothing");
        UserErrorsTest.assertOneLineError(CliRunner.run("board", dir.toString()), "no TensorBoard run in");
    }
}
