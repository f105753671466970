package dev.redcast.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Confined to the test thread. {@code examples/forwarder.yaml} keeps the original's defaults. */
class ForwarderExampleConfigTest {
    static final Path EXAMPLE = Path.of("..", "examples", "forwarder.yaml");

    @Test
    void forwarderExample_hasTheOriginalsDefaults_andARandomToken() {
        ServerConfig config = ConfigLoader.load(Map.of(), Map.of(), EXAMPLE);

        assertThat(config.redis().url()).isEqualTo("redis://127.0.0.1:6379");
        assertThat(config.transport().port()).isEqualTo(8080);
        assertThat(config.defaultChannels())
                .containsExactly("mempool:tx_analysis", "mempool:ctf_tx");
        assertThat(config.auth().tokenGenerated()).isTrue();
    }

    @Test
    void forwarderExample_takesTheOriginalsEnvironment() {
        ServerConfig config =
                ConfigLoader.load(
                        Map.of(),
                        Map.of(
                                "REDIS_URL", "redis://10.0.0.5:6380",
                                "WS_AUTH_TOKEN", "your_secret_token",
                                "WS_PORT", "9090"),
                        EXAMPLE);

        assertThat(config.redis().url()).isEqualTo("redis://10.0.0.5:6380");
        assertThat(config.auth().token()).isEqualTo("your_secret_token");
        assertThat(config.auth().tokenGenerated()).isFalse();
        assertThat(config.transport().port()).isEqualTo(9090);
    }

    @Test
    void port_isReadFromPort_asTheGoChatDid_whenWsPortIsNotSet() {
        assertThat(ConfigLoader.load(Map.of(), Map.of("PORT", "8081"), null).transport().port())
                .isEqualTo(8081);
        assertThat(
                        ConfigLoader.load(Map.of(), Map.of("PORT", "8081", "WS_PORT", "8082"), null)
                                .transport()
                                .port())
                .isEqualTo(8082);
    }
}
