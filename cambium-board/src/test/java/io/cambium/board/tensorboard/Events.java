package io.cambium.board.tensorboard;

import io.cambium.board.tensorboard.proto.Event;
import io.cambium.board.tensorboard.proto.Summary;
import java.util.ArrayList;
import java.util.List;

/** The tests' view of decoded event files. */
final class Events {
    private Events() {
    }

    /** Every summary value with this tag, in file order. */
    static List<Summary.Value> tagged(List<Event> events, String tag) {
        List<Summary.Value> out = new ArrayList<>();
        for (Event e : events) {
            for (Summary.Value v : e.getSummary().getValueList()) {
                if (v.getTag().equals(tag)) {
                    out.add(v);
                }
            }
        }
        return out;
    }
}
