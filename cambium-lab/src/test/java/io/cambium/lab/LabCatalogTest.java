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
                String key = q == 0 ? Question.TITLE : Integer.toString(q);
                assertThat(covered.add(key)).as("question %s in two experiments", key).isTrue();
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
    void pagesFromOtherModulesRunAsTheLabsOwn() {
        // Every issue that delivers a page has landed: nothing waits (a page whose pretrained weights were missing
        // from the zoo's registry would wait again, with its reason: see the test below).
        for (Awaited a : Lab.awaited()) {
            assertThat(a.keys()).doesNotContain("9", "34", "35", "36", Question.TITLE);
        }
        assertThat(Lab.find("q08").id()).isEqualTo("q08");
        assertThat(Lab.find("q09").id()).isEqualTo("q09");
        assertThat(Lab.find("q22").id()).isEqualTo("q22");
        assertThat(Lab.find("q34").id()).isEqualTo("q34");
        assertThat(Lab.find("q35").id()).isEqualTo("q35");
        assertThat(Lab.find("q36").id()).isEqualTo("q36");
        assertThat(Lab.find("q39").id()).isEqualTo("q39");
        // The bank's title is answered by the language-model page, listed first.
        assertThat(Lab.find("title").id()).isEqualTo(Question.TITLE);
        assertThat(Lab.experiments().get(0).id()).isEqualTo(Question.TITLE);
        assertThat(Lab.forQuestion(0)).isPresent();
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
        assertThat(Lab.find("TITLE").id()).isEqualTo("title");
        assertThat(Lab.find("q00").id()).isEqualTo("title");
        // A question answered together with another resolves to the shared experiment.
        assertThat(Lab.find("q31").id()).isEqualTo("q28");
        assertThat(Lab.find("18").questions()).contains(16, 18);
    }

    @Test
    void unknownOrWaitingIdsAreErrorsThatSayWhy() {
        assertThatThrownBy(() -> Lab.find("q99")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown question id 'q99'").hasMessageContaining("q01 to q41");
        assertThatThrownBy(() -> Lab.find("banana")).hasMessageContaining("unknown question id 'banana'");
        assertThatThrownBy(() -> Lab.find("q42")).hasMessageContaining("unknown question id 'q42'");
        assertThatThrownBy(() -> Lab.find("-1")).hasMessageContaining("unknown question id '-1'");
    }
}
