package io.cambium.tensor.kernels.vector;

import static org.assertj.core.api.Assertions.assertThat;

import jdk.incubator.vector.VectorOperators;
import org.junit.jupiter.api.Test;

/**
 * The warm-up finds the Vector API's operators by reflection: it must see every operator the
 * kernels apply, or the caches it is there to fill stay incomplete (see {@link VectorWarmup}).
 */
class VectorWarmupTest {
    @Test
    void theOperatorsTheKernelsUseAreAllWarmedUp() {
        assertThat(VectorWarmup.operators()).contains(VectorOperators.ADD, VectorOperators.SUB, VectorOperators.MUL,
                VectorOperators.DIV, VectorOperators.MIN, VectorOperators.MAX, VectorOperators.ABS, VectorOperators.NEG,
                VectorOperators.FMA, VectorOperators.AND, VectorOperators.OR, VectorOperators.ASHR, VectorOperators.LSHL);
    }
}
