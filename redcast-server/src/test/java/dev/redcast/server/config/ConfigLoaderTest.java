package dev.redcast.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Confined to the test thread. Flags over environment over file, and every refusal. */
class ConfigLoaderTest {
    @TempDir Path dir;

    private Path file(String yaml) throws IOException {
        Path f = dir.resolve("redcast.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    private static Map<Setting<?>, String> flags(Setting<?> s, String v) {
        return Map.of(s, v);
    }

    private static ServerConfig env(String name, String value) {
        return ConfigLoader.load(Map.of(), Map.of(name, value), null);
    }

    @Test
    void load_nothingGiven_takesDefaults() {
        ServerConfig c = ConfigLoader.load(Map.of(), Map.of(), null);
        assertThat(c.transport().host()).isEqualTo("0.0.0.0");
        assertThat(c.transport().port()).isEqualTo(Setting.PORT.defaultValue());
        assertThat(c.embeddedBroker()).isTrue();
        assertThat(c.defaultChannels()).isEmpty();
        assertThat(c.transport().maxFrameSize()).isEqualTo(Setting.MAX_FRAME_SIZE.defaultValue());
        assertThat(c.limits().commandRate()).isEqualTo(Setting.COMMAND_RATE.defaultValue());
        assertThat(c.limits().clientPublish()).isTrue();
        assertThat(c.nodeId()).startsWith("n-");
    }

    @Test
    void load_precedence_flagOverEnvOverFile() throws IOException {
        Path f = file("port: 1111\nhost: 10.0.0.1\nnode-id: from-file\n");
        Map<String, String> env = Map.of("WS_PORT", "2222", "WS_HOST", "10.0.0.2");
        ServerConfig all = ConfigLoader.load(flags(Setting.PORT, "3333"), env, f);
        assertThat(all.transport().port()).isEqualTo(3333);
        assertThat(all.transport().host()).isEqualTo("10.0.0.2");
        assertThat(all.nodeId()).isEqualTo("from-file");

        ServerConfig envAndFile = ConfigLoader.load(Map.of(), env, f);
        assertThat(envAndFile.transport().port()).isEqualTo(2222);

        ServerConfig fileOnly = ConfigLoader.load(Map.of(), Map.of(), f);
        assertThat(fileOnly.transport().port()).isEqualTo(1111);
        assertThat(fileOnly.transport().host()).isEqualTo("10.0.0.1");
    }

    @Test
    void load_values_areTrimmed() {
        assertThat(env("WS_PORT", "  4242 \n").transport().port()).isEqualTo(4242);
    }

    @Test
    void load_listFromCommaString_dropsBlanksAndTrims() {
        assertThat(env("DEFAULT_CHANNELS", " a, b ,,c,").defaultChannels())
                .containsExactly("a", "b", "c");
        assertThat(
                        env("ALLOWED_ORIGINS", "https://x.example,https://y.example")
                                .transport()
                                .allowedOrigins())
                .containsExactly("https://x.example", "https://y.example");
    }

    @Test
    void load_listFromYamlFlowAndBlockLists() throws IOException {
        ServerConfig flow =
                ConfigLoader.load(
                        Map.of(), Map.of(), file("default-channels: [general, random]\n"));
        assertThat(flow.defaultChannels()).containsExactly("general", "random");
        ServerConfig block =
                ConfigLoader.load(
                        Map.of(),
                        Map.of(),
                        file("default-channels:\n  - mempool:tx_analysis\n  - mempool:ctf_tx\n"));
        assertThat(block.defaultChannels())
                .containsExactly("mempool:tx_analysis", "mempool:ctf_tx");
    }

    @Test
    void load_jsonFile_isAccepted() throws IOException {
        ServerConfig c =
                ConfigLoader.load(
                        Map.of(), Map.of(), file("{\"port\": 9090, \"client-publish\": false}"));
        assertThat(c.transport().port()).isEqualTo(9090);
        assertThat(c.limits().clientPublish()).isFalse();
    }

    @Test
    void load_emptyOrAllCommentFile_isNoSettings() throws IOException {
        assertThat(ConfigLoader.load(Map.of(), Map.of(), file("")).transport().port())
                .isEqualTo(Setting.PORT.defaultValue());
        assertThat(ConfigLoader.load(Map.of(), Map.of(), file("# port: 1\n\n")).transport().port())
                .isEqualTo(Setting.PORT.defaultValue());
    }

    @Test
    void load_redisHostPortDbPassword_buildAUrl() {
        ServerConfig c =
                ConfigLoader.load(
                        Map.of(),
                        Map.of(
                                "REDIS_HOST", "redis.internal",
                                "REDIS_PORT", "6380",
                                "REDIS_DB", "2",
                                "REDIS_PASSWORD", "p@ss:w/rd"),
                        null);
        assertThat(c.embeddedBroker()).isFalse();
        assertThat(c.redis().url()).isEqualTo("redis://:p%40ss%3Aw%2Frd@redis.internal:6380/2");
        assertThat(c.redis().redacted()).doesNotContain("ss");
        assertThat(c.toString()).doesNotContain("p%40ss");
    }

    @Test
    void load_redisHostAlone_usesDefaultPortAndDb() {
        assertThat(env("REDIS_HOST", "localhost").redis().url())
                .isEqualTo("redis://localhost:6379/0");
    }

    @Test
    void load_redisUrl_winsOverHost() {
        ServerConfig c =
                ConfigLoader.load(
                        Map.of(), Map.of("REDIS_URL", "rediss://h1:1/3", "REDIS_HOST", "h2"), null);
        assertThat(c.redis().url()).isEqualTo("rediss://h1:1/3");
    }

    @Test
    void load_clientPublishSpellings_areAccepted() {
        for (String yes : new String[] {"true", "YES", "on", "1"}) {
            assertThat(env("CLIENT_PUBLISH", yes).limits().clientPublish()).as(yes).isTrue();
        }
        for (String no : new String[] {"false", "No", "OFF", "0"}) {
            assertThat(env("CLIENT_PUBLISH", no).limits().clientPublish()).as(no).isFalse();
        }
    }

    @Test
    void load_noToken_generatesOneAndSaysSo() {
        ServerConfig c = ConfigLoader.load(Map.of(), Map.of(), null);
        assertThat(c.auth().tokenGenerated()).isTrue();
        assertThat(c.auth().token()).matches("[0-9a-f]{32}");
        assertThat(ConfigLoader.load(Map.of(), Map.of(), null).auth().token())
                .isNotEqualTo(c.auth().token());
    }

    @Test
    void load_noApiKey_generatesOneApartFromTheToken() {
        ServerConfig c = ConfigLoader.load(Map.of(), Map.of("WS_AUTH_TOKEN", "s3cret"), null);
        assertThat(c.auth().apiKeyGenerated()).isTrue();
        assertThat(c.auth().apiKey()).matches("[0-9a-f]{32}").isNotEqualTo("s3cret");
        assertThat(ConfigLoader.load(Map.of(), Map.of(), null).auth().apiKey())
                .isNotEqualTo(c.auth().apiKey());
    }

    @Test
    void load_apiKeyEqualToTheToken_isRefusedWithoutShowingIt() {
        assertThatThrownBy(
                        () ->
                                ConfigLoader.load(
                                        Map.of(),
                                        Map.of("WS_AUTH_TOKEN", "s3cret", "API_KEY", "s3cret"),
                                        null))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("api-key (API_KEY) = '***'")
                .hasMessageContaining("different from auth-token")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void load_givenToken_isKeptAndNotFlagged() {
        ServerConfig c =
                ConfigLoader.load(
                        Map.of(), Map.of("WS_AUTH_TOKEN", "s3cret", "API_KEY", "k"), null);
        assertThat(c.auth().tokenGenerated()).isFalse();
        assertThat(c.auth().token()).isEqualTo("s3cret");
        assertThat(c.auth().apiKey()).isEqualTo("k");
        assertThat(c.auth().apiKeyGenerated()).isFalse();
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "port|abc",
                "port|-1",
                "port|65536",
                "port|80.5",
                "max-frame-size|100",
                "max-frame-size|999999999",
                "outbound-budget|1000",
                "ping-interval|0",
                "ping-interval|3601",
                "max-subscriptions|0",
                "command-rate|0",
                "command-rate|99999999999",
                "max-bad-commands|0",
                "client-publish|maybe",
                "redis-probe-interval|0",
                "summary-interval|-1",
                "channel-prefix|app*",
                "channel-prefix|a b",
                "default-channels|ok,x\u0001y",
                "redis-url|http://localhost:6379",
            })
    void load_invalidValue_namesSettingAndEnvVar(String key, String value) {
        Setting<?> setting = Setting.byKey(key);
        ConfigException e =
                catchThrowableOfType(
                        ConfigException.class,
                        () -> ConfigLoader.load(Map.of(), Map.of(setting.env(), value), null));
        assertThat(e).as("%s=%s is refused", setting, value).isNotNull();
        assertThat(e.getMessage()).contains(setting.key()).contains(setting.env());
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "redis-port|x",
                "redis-port|0",
                "redis-port|65536",
                "redis-db|x",
                "redis-db|-1"
            })
    void load_invalidRedisPart_namesSettingAndEnvVar(String key, String value) {
        Setting<?> setting = Setting.byKey(key);
        ConfigException e =
                catchThrowableOfType(
                        ConfigException.class,
                        () ->
                                ConfigLoader.load(
                                        Map.of(),
                                        Map.of("REDIS_HOST", "h", setting.env(), value),
                                        null));
        assertThat(e).as("%s=%s is refused", setting, value).isNotNull();
        assertThat(e.getMessage()).contains(setting.key()).contains(setting.env());
    }

    @Test
    void load_invalidRedisUrl_doesNotLeakThePassword() {
        assertThatThrownBy(() -> env("REDIS_URL", "http://:hunter2@h:6379"))
                .isInstanceOf(ConfigException.class)
                .message()
                .doesNotContain("hunter2");
    }

    @Test
    void load_invalidValueInFile_namesSetting() throws IOException {
        Path f = file("port: {nested: 1}\n");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Map.of(), f))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("port")
                .hasMessageContaining("WS_PORT");
    }

    @Test
    void load_unknownFileKey_isIgnored_likeAnUnknownEnvironmentVariable() throws IOException {
        Path f = file("port: 1\nprot: 2\nmessage-prefix: 'message:'\n");

        ServerConfig config = ConfigLoader.load(Map.of(), Map.of("MESSAGE_PREFIX", "m:"), f);

        assertThat(config.transport().port()).isEqualTo(1);
    }

    @Test
    void load_envNameAsFileKey_isIgnored() throws IOException {
        Path f = file("WS_PORT: 1\n");

        assertThat(ConfigLoader.load(Map.of(), Map.of(), f).transport().port()).isEqualTo(8080);
    }

    @Test
    void load_fileNotAMapping_isRefused() throws IOException {
        Path f = file("- port\n- 1\n");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Map.of(), f))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("mapping");
    }

    @Test
    void load_malformedOrMissingFile_isRefusedWithPath() throws IOException {
        Path bad = file("port: [1\n");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Map.of(), bad))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(bad.toString());
        Path missing = dir.resolve("absent.yaml");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Map.of(), missing))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(missing.toString());
    }

    @Test
    void settings_haveDistinctKeysAndEnvNames() {
        assertThat(Setting.values().stream().map(Setting::key)).doesNotHaveDuplicates();
        assertThat(Setting.values().stream().map(Setting::env)).doesNotHaveDuplicates();
    }
}
