package io.cambium.lab;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The catalogue covers every question: by an experiment, or by a named issue that will deliver it. */
class LabCatalogTest {
    @Test
    void everyQuestionHasAnExperimentOrAWaitingIssue() {
        Set<String> covered = new HashSet<>();
        Set<String> ids = new HashSet<>();
        for (Experiment e : Lab.experiments()) {
            assertThat(ids.add(e.id())).as("duplicate id %s", e.id()).isTrue();
            assertThat(e.title()).isNotBlank();
            assertThat(e.summary()).isNotBlank();
            for (int q : e.questions()) {
                assertThat(covered.add(Integer.toString(q))).as("question %d in two experiments", q).isTrue();
            }
        }
        for (Awaited a : Lab.awaited()) {
            assertThat(a.issue()).isPositive();
            for (String k : a.keys()) {
                assertThat(covered.add(k)).as("question %s both measured and awaited", k).isTrue();
            }
        }
        Set<String> all = new HashSet<>(SeedBank.questions().keySet());
        assertThat(covered).isEqualTo(all);
    }

    @Test
    void theQuestionsOfOtherIssuesAreListedAsWaiting() {
        List<Awaited> waiting = Lab.awaited();
        assertThat(waiting).anySatisfy(a -> {
            assertThat(a.keys()).contains(Question.TITLE);
            assertThat(a.issue()).isEqualTo(15);
        });
        // Pages from other modules that are wired in run as the lab's own.
        assertThat(Lab.find("q08").id()).isEqualTo("q08");
        assertThat(Lab.find("q22").id()).isEqualTo("q22");
        assertThat(Lab.find("q39").id()).isEqualTo("q39");
    }

    @Test
    void anExperimentThatCannotRunYetWaitsWithItsReason() {
        List<String> ready = Lab.experiments().stream().map(Experiment::id).toList();
        for (Experiment e : Lab.all()) {
            if (e.unavailable().isEmpty()) {
                assertThat(ready).contains(e.id());
                continue;
            }
            String reason = e.unavailable().get();
            assertThat(ready).doesNotContain(e.id());
            String key = Integer.toString(e.questions().get(0));
            assertThat(Lab.awaited()).anySatisfy(a -> {
                assertThat(a.keys()).contains(key);
                assertThat(a.what()).contains(e.id() + " " + reason);
            });
            assertThatThrownBy(() -> Lab.find(e.id())).hasMessageContaining("not in the lab yet")
                    .hasMessageContaining(reason);
        }
    }

    @Test
    void idsResolveInEveryUsualSpelling() {
        assertThat(Lab.find("q14").id()).isEqualTo("q14");
        assertThat(Lab.find("Q5").id()).isEqualTo("q05");
        assertThat(Lab.find("5").id()).isEqualTo("q05");
        // A question answered together with another resolves to the shared experiment.
        assertThat(Lab.find("q31").id()).isEqualTo("q28");
        assertThat(Lab.find("18").questions()).contains(16, 18);
    }

    @Test
    void unknownOrWaitingIdsAreErrorsThatSayWhy() {
        assertThatThrownBy(() -> Lab.find("q99")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown question id 'q99'").hasMessageContaining("q01 to q41");
        assertThatThrownBy(() -> Lab.find("banana")).hasMessageContaining("unknown question id 'banana'");
        assertThatThrownBy(() -> Lab.find("q00")).hasMessageContaining("unknown question id 'q00'");
    }
}
