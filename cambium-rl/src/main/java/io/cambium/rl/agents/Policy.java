package io.cambium.rl.agents;

import java.util.ArrayList;
import java.util.List;

/**
 * Chooses actions for observations.
 *
 * @param <O> the observation type
 * @param <A> the action type
 */
public interface Policy<O, A> {
    /**
     * The action for {@code observation}: the greedy or most likely action when
     * {@code deterministic}, else a sample from the policy (with exploration where the agent has it).
     */
    A act(O observation, boolean deterministic);

    /** The actions for several observations (one forward pass for neural policies). */
    default List<A> act(List<O> observations, boolean deterministic) {
        List<A> out = new ArrayList<>(observations.size());
        for (O o : observations) {
            out.add(act(o, deterministic));
        }
        return out;
    }
}
