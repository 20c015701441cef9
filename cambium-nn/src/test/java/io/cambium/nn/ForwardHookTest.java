package io.cambium.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.layers.core.Lambda;
import io.cambium.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForwardHookTest {

    private static ForwardHook recorder(String tag, List<String> log) {
        return new ForwardHook() {
            @Override
            public void beforeCall(Layer layer, List<Tensor> inputs, boolean training) {
                log.add(tag + " before " + layer.name() + " " + training);
            }

            @Override
            public void afterCall(Layer layer, List<Tensor> inputs, List<Tensor> outputs, boolean training) {
                log.add(tag + " after " + layer.name() + (outputs == null ? " failed" : " " + outputs.get(0).dim(1)));
            }
        };
    }

    @Test
    void hooksWrapEachCallInOrderAndAreRemovedByTheirHandle() {
        Dense a = new Dense(3).name("a");
        Dense b = new Dense(2).name("b");
        Sequential m = new Sequential(a.inputShape(4), b);
        List<String> log = new ArrayList<>();
        ForwardHook.Handle h1 = a.addForwardHook(recorder("1", log));
        ForwardHook.Handle h2 = a.addForwardHook(recorder("2", log));
        ForwardHook.Handle hm = m.addForwardHook(recorder("m", log));
        m.apply(Tensor.ones(5, 4), true);
        assertThat(log).containsExactly("m before " + m.name() + " true", "1 before a true", "2 before a true",
                "2 after a 3", "1 after a 3", "m after " + m.name() + " 2");
        log.clear();
        h1.close();
        h1.close();
        hm.close();
        m.apply(Tensor.ones(5, 4));
        assertThat(log).containsExactly("2 before a false", "2 after a 3");
        h2.close();
        log.clear();
        m.apply(Tensor.ones(5, 4));
        assertThat(log).isEmpty();
    }

    @Test
    void afterRunsWithNullOutputsWhenTheCallThrows() {
        Lambda bad = new Lambda(t -> {
            throw new IllegalStateException("boom");
        });
        List<String> log = new ArrayList<>();
        bad.addForwardHook(recorder("h", log));
        assertThatThrownBy(() -> bad.apply(Tensor.ones(2, 2))).hasMessage("boom");
        assertThat(log).containsExactly("h before " + bad.name() + " false", "h after " + bad.name() + " failed");
    }
}
