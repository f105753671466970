package dev.redcast.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChatExampleConfigTest {
    private static final Path EXAMPLE = Path.of("..", "examples", "chat.yaml");

    @Test
    void chatExample_loads_withDefaultsPresenceAndClientPublish(@TempDir Path dir)
            throws IOException {
        Path file = Files.copy(EXAMPLE, dir.resolve("chat.yaml"));

        ServerConfig config = ConfigLoader.load(Map.of(), Map.of(), file);

        assertThat(config.defaultChannels()).containsExactly("general", "random");
        assertThat(config.presence().announces("chat:rust")).isTrue();
        assertThat(config.presence().announces("general")).isTrue();
        assertThat(config.presence().announces("other")).isFalse();
        assertThat(config.limits().clientPublish()).isTrue();
        assertThat(config.remembersChannels()).isTrue();
        assertThat(config.historyRule("chat:rust").maxLength()).isEqualTo(1000);
        assertThat(config.historyRule("general")).isNotNull();
        assertThat(config.historyRule("elsewhere")).as("every room keeps its messages").isNotNull();
        assertThat(config.embeddedBroker()).isFalse();
    }

    @Test
    void presenceTtl_mustExceedRefresh() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new PresenceConfig(java.util.List.of(), 10, 10))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("presence-ttl");
    }
}
