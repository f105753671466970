package dev.redcast.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Confined to the test thread. The setting table itself: defaults, refusals, sources. */
class SettingTest {
    @TempDir Path dir;

    static List<Setting<?>> settings() {
        return Setting.values();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("settings")
    void everySetting_parsesItsOwnDefault(Setting<?> setting) {
        assertRoundTrip(setting);
    }

    private static <T> void assertRoundTrip(Setting<T> s) {
        if (s.defaultValue() == null) {
            assertThat(s.defaultText()).as("what unset means").isNotBlank();
        } else {
            assertThat(s.parse(s.format(s.defaultValue()))).isEqualTo(s.defaultValue());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("settings")
    void everySetting_hasHelpAndADefaultToShow(Setting<?> setting) {
        assertThat(setting.help()).endsWith(".");
        assertThat(setting.defaultText()).isNotBlank();
        assertThat(Setting.byKey(setting.key())).isSameAs(setting);
    }

    @Test
    void builderDefaults_areTheTableDefaults() {
        ServerConfig c = ServerConfig.builder().redisHost("redis.internal").build();
        assertThat(c.redis().url()).isEqualTo("redis://redis.internal:6379/0");
        assertThat(c.redis().channelPrefix()).isEqualTo(Setting.CHANNEL_PREFIX.defaultValue());
        assertThat(c.transport().host()).isEqualTo(Setting.HOST.defaultValue());
        assertThat(c.transport().port()).isEqualTo(Setting.PORT.defaultValue());
        assertThat(c.transport().maxFrameSize()).isEqualTo(Setting.MAX_FRAME_SIZE.defaultValue());
        assertThat(c.transport().outboundBudget())
                .isEqualTo(Setting.OUTBOUND_BUDGET.defaultValue());
        assertThat(c.transport().pingIntervalSeconds())
                .isEqualTo(Setting.PING_INTERVAL.defaultValue());
        assertThat(c.limits().maxSubscriptions())
                .isEqualTo(Setting.MAX_SUBSCRIPTIONS.defaultValue());
        assertThat(c.limits().commandRate()).isEqualTo(Setting.COMMAND_RATE.defaultValue());
        assertThat(c.limits().maxBadCommands()).isEqualTo(Setting.MAX_BAD_COMMANDS.defaultValue());
        assertThat(c.limits().clientPublish()).isEqualTo(Setting.CLIENT_PUBLISH.defaultValue());
        assertThat(c.summaryIntervalSeconds()).isEqualTo(Setting.SUMMARY_INTERVAL.defaultValue());
        assertThat(c.redis().probeIntervalSeconds())
                .isEqualTo(Setting.REDIS_PROBE_INTERVAL.defaultValue());
        assertThat(c.presence().refreshSeconds())
                .isEqualTo(Setting.PRESENCE_REFRESH.defaultValue());
        assertThat(c.presence().ttlSeconds()).isEqualTo(Setting.PRESENCE_TTL.defaultValue());
        assertThat(c.transport().ioThreads()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(c.connections())
                .isEqualTo(
                        new ConnectionsConfig(
                                Setting.MAX_CONNECTIONS.defaultValue(),
                                Setting.MAX_CONNECTIONS_PER_USER.defaultValue(),
                                Setting.MAX_CONNECTIONS_PER_IP.defaultValue(),
                                Setting.MAX_HTTP_CONNECTIONS.defaultValue(),
                                Setting.HTTP_REQUEST_TIMEOUT.defaultValue(),
                                Setting.HTTP_IDLE_TIMEOUT.defaultValue()));
    }

    /** The user-facing defaults: changing one is a decision, not a refactoring. */
    @Test
    void defaults_areTheDocumentedOnes() {
        assertThat(Setting.PORT.defaultValue()).isEqualTo(8080);
        assertThat(Setting.HOST.defaultValue()).isEqualTo("0.0.0.0");
        assertThat(Setting.MAX_FRAME_SIZE.defaultValue()).isEqualTo(65536);
        assertThat(Setting.OUTBOUND_BUDGET.defaultValue()).isEqualTo(1048576);
        assertThat(Setting.PING_INTERVAL.defaultValue()).isEqualTo(25);
        assertThat(Setting.REDIS_PORT.defaultValue()).isEqualTo(6379);
        assertThat(Setting.PRESENCE_REFRESH.defaultValue()).isEqualTo(10);
        assertThat(Setting.PRESENCE_TTL.defaultValue()).isEqualTo(30);
        assertThat(Setting.MAX_CONNECTIONS.defaultValue()).isEqualTo(100_000);
        assertThat(Setting.MAX_CONNECTIONS_PER_USER.defaultValue()).isEqualTo(100);
        assertThat(Setting.MAX_CONNECTIONS_PER_IP.defaultValue()).isEqualTo(1000);
        assertThat(Setting.MAX_HTTP_CONNECTIONS.defaultValue()).isEqualTo(1000);
        assertThat(Setting.HTTP_REQUEST_TIMEOUT.defaultValue()).isEqualTo(10);
        assertThat(Setting.HTTP_IDLE_TIMEOUT.defaultValue()).isEqualTo(30);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "port|eighty|a whole number",
                "port|70000|0..65535",
                "max-frame-size|512|1024..16777216 bytes",
                "io-threads|-1|0..1024",
                "client-publish|maybe|true or false",
                "summary-interval|-5|at least 0 seconds",
                "max-connections-per-ip|-1|at least 0 (0: no limit)",
                "http-request-timeout|0|1..3600 seconds",
                "history|chat:*=10|must look like pattern=length/age",
            })
    void badValue_messageNamesSettingEnvValueAndWhatIsAllowed(
            String key, String value, String allowed) {
        Setting<?> s = Setting.byKey(key);
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> s.parse(value));
        assertThat(e).as("%s=%s is refused", key, value).isNotNull();
        assertThat(e.getMessage())
                .startsWith("invalid setting " + key + " (" + s.env() + ") = '" + value + "'")
                .contains(allowed);
    }

    @Test
    void badListItem_messageNamesTheItem() {
        assertThatThrownBy(() -> Setting.PRESENCE.parse("chat:*,x\u0001y"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("presence (PRESENCE) = 'x\u0001y'")
                .hasMessageContaining("control characters");
    }

    @Test
    void badRedisUrl_messageHidesThePassword() {
        assertThatThrownBy(() -> Setting.REDIS_URL.parse("http://:hunter2@h:6379"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("= 'http://***@h:6379'")
                .hasMessageContaining("redis:// or rediss://")
                .message()
                .doesNotContain("hunter2");
    }

    @Test
    void records_refuseWhatTheLoaderRefuses() {
        assertThatThrownBy(() -> ServerConfig.builder().port(70000).build())
                .isInstanceOf(ConfigException.class)
                .hasMessage("invalid setting port (WS_PORT) = '70000': 0..65535");
        assertThatThrownBy(() -> ServerConfig.builder().redisHost("h").redisPort(0).build())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("redis-port (REDIS_PORT) = '0'");
        assertThatThrownBy(() -> new PresenceConfig(List.of(), 0, 30))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("presence-refresh (PRESENCE_REFRESH) = '0'");
    }

    @Test
    void precedence_flagOverEnvironmentOverFile_forEveryKindOfValue() throws IOException {
        Path file =
                Files.writeString(
                        dir.resolve("redcast.yaml"),
                        "max-subscriptions: 1\n"
                                + "client-publish: false\n"
                                + "default-channels: [from-file]\n"
                                + "node-id: from-file\n");
        Map<String, String> env =
                Map.of(
                        "MAX_SUBSCRIPTIONS", "2",
                        "CLIENT_PUBLISH", "true",
                        "DEFAULT_CHANNELS", "from-env",
                        "NODE_ID", "from-env");
        Map<Setting<?>, String> flags =
                Map.of(
                        Setting.MAX_SUBSCRIPTIONS, "3",
                        Setting.CLIENT_PUBLISH, "false",
                        Setting.DEFAULT_CHANNELS, "from-flag",
                        Setting.NODE_ID, "from-flag");

        ServerConfig all = ConfigLoader.load(flags, env, file);
        assertThat(all.limits().maxSubscriptions()).isEqualTo(3);
        assertThat(all.limits().clientPublish()).isFalse();
        assertThat(all.defaultChannels()).containsExactly("from-flag");
        assertThat(all.nodeId()).isEqualTo("from-flag");

        ServerConfig envAndFile = ConfigLoader.load(Map.of(), env, file);
        assertThat(envAndFile.limits().maxSubscriptions()).isEqualTo(2);
        assertThat(envAndFile.limits().clientPublish()).isTrue();
        assertThat(envAndFile.defaultChannels()).containsExactly("from-env");
        assertThat(envAndFile.nodeId()).isEqualTo("from-env");

        ServerConfig fileOnly = ConfigLoader.load(Map.of(), Map.of(), file);
        assertThat(fileOnly.limits().maxSubscriptions()).isEqualTo(1);
        assertThat(fileOnly.limits().clientPublish()).isFalse();
        assertThat(fileOnly.defaultChannels()).containsExactly("from-file");
        assertThat(fileOnly.nodeId()).isEqualTo("from-file");
    }

    @Test
    void emptyValue_ofASettingWithoutDefault_isUnset_andStillWinsOverLowerLayers() {
        ServerConfig c =
                ConfigLoader.load(
                        Map.of(Setting.AUTH_TOKEN, ""), Map.of("WS_AUTH_TOKEN", "from-env"), null);
        assertThat(c.auth().tokenGenerated()).isTrue();
        assertThat(c.auth().token()).isNotEqualTo("from-env");
    }

    @Test
    void redisHostParts_areNotReadWithoutRedisHostOrWithRedisUrl() {
        // What an orchestrator sets for a service named "redis".
        Map<String, String> env = Map.of("REDIS_PORT", "tcp://10.0.0.7:6379");
        assertThat(ConfigLoader.load(Map.of(), env, null).embeddedBroker()).isTrue();

        ServerConfig withUrl =
                ConfigLoader.load(
                        Map.of(),
                        Map.of(
                                "REDIS_URL", "redis://r:6379/1",
                                "REDIS_HOST", "h",
                                "REDIS_PORT", "tcp://10.0.0.7:6379"),
                        null);
        assertThat(withUrl.redis().url()).isEqualTo("redis://r:6379/1");
    }
}
