package io.cambium.rl.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cambium.nn.io.InvalidFileException;
import io.cambium.nn.io.SafeTensors;
import io.cambium.rl.agents.Agents;
import io.cambium.tensor.Tensor;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentFileTest {
    @TempDir
    Path dir;

    @Test
    void otherFilesAndNewerVersionsAreRejected() throws Exception {
        Path weights = dir.resolve("w.safetensors");
        SafeTensors.write(weights, Map.of("x", Tensor.zeros(2)));
        assertThatThrownBy(() -> AgentFile.load(weights)).isInstanceOf(InvalidFileException.class)
                .hasMessage("file '" + weights + "': not a Cambium agent file (metadata 'format' is missing)");
        Path newer = dir.resolve("newer.cambium");
        SafeTensors.write(newer, Map.of(), Map.of("format", AgentFile.FORMAT, "format_version", "99"));
        assertThatThrownBy(() -> AgentFile.load(newer)).hasMessageContaining("agent format_version 99 is not supported");
        Path noState = dir.resolve("nostate.cambium");
        SafeTensors.write(noState, Map.of(), Map.of("format", AgentFile.FORMAT, "format_version", "1", "algorithm", "dqn",
                "env", "CartPole-v1", "config", "{}"));
        assertThatThrownBy(() -> AgentFile.load(noState)).hasMessageContaining("agent metadata 'state' is missing");
        Path badJson = dir.resolve("json.cambium");
        SafeTensors.write(badJson, Map.of(), Map.of("format", AgentFile.FORMAT, "format_version", "1", "algorithm", "dqn",
                "env", "CartPole-v1", "config", "{", "state", "{}"));
        assertThatThrownBy(() -> AgentFile.load(badJson)).hasMessageContaining("agent metadata 'config' is not a JSON object");
        Path unknown = dir.resolve("unknown.cambium");
        AgentFile.save(unknown, new AgentFile.Contents("sac", "CartPole-v1", Map.of(), Map.of(), Map.of()));
        assertThatThrownBy(() -> Agents.load(unknown)).hasMessageContaining("unknown agent algorithm 'sac'");
        Path env = dir.resolve("env.cambium");
        AgentFile.save(env, new AgentFile.Contents("dqn", "Hopper-v4", Map.of(), Map.of(), Map.of()));
        assertThatThrownBy(() -> Agents.load(env)).hasMessageContaining("environment 'Hopper-v4' is not registered");
        AgentFile.Contents c = AgentFile.load(unknown);
        assertThat(c.algorithm()).isEqualTo("sac");
    }
}
