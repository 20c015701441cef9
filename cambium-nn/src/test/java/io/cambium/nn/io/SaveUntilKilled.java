package io.cambium.nn.io;

import io.cambium.Cambium;
import io.cambium.nn.Sequential;
import io.cambium.nn.layers.core.Dense;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * The child of {@link InterruptedSaveTest}: saves into a file until it is killed. Mode
 * {@code models} saves a model of about 20 MB again and again; mode {@code stall} writes half a
 * file, says so on stdout and waits mid-save, so that a signal surely lands in the middle.
 */
public final class SaveUntilKilled {
    private SaveUntilKilled() {
    }

    public static void main(String[] args) throws Exception {
        Path target = Path.of(args[1]);
        if (args[0].equals("stall")) {
            AtomicFile.write(target, ch -> {
                ch.write(ByteBuffer.allocate(1 << 20));
                ch.force(true);
                System.out.println("mid-save");
                System.out.flush();
                try {
                    Thread.sleep(120_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            return;
        }
        Cambium.seed(1);
        Sequential m = new Sequential(new Dense(2500).inputShape(2000));
        for (int i = 0; ; i++) {
            m.save(target);
            System.out.println("saved " + i);
            System.out.flush();
        }
    }
}
