package dev.redcast.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Confined to the test thread. The groups of a config and what the builder puts in them. */
class ServerConfigTest {
    @Test
    void builder_fillsEachGroup() {
        ServerConfig c =
                ServerConfig.builder()
                        .host("127.0.0.1")
                        .port(0)
                        .ioThreads(3)
                        .maxFrameSize(4096)
                        .outboundBudget(32768)
                        .pingIntervalSeconds(7)
                        .allowedOrigins(List.of("https://a.example"))
                        .authToken("t0ken")
                        .apiKey("k3y")
                        .redisUrl("redis://r:6379/2")
                        .channelPrefix("app:")
                        .redisProbeIntervalSeconds(9)
                        .maxSubscriptions(5)
                        .commandRate(6)
                        .maxBadCommands(2)
                        .clientPublish(false)
                        .maxConnections(50)
                        .maxConnectionsPerUser(3)
                        .maxConnectionsPerIp(4)
                        .maxHttpConnections(8)
                        .httpRequestTimeoutSeconds(2)
                        .httpIdleTimeoutSeconds(11)
                        .defaultChannels(List.of("general"))
                        .nodeId("n1")
                        .summaryIntervalSeconds(0)
                        .build();

        assertThat(c.transport())
                .isEqualTo(
                        new TransportConfig(
                                "127.0.0.1",
                                0,
                                3,
                                4096,
                                32768,
                                7,
                                List.of("https://a.example"),
                                null));
        assertThat(c.auth()).isEqualTo(new AuthConfig("t0ken", false, "k3y", false, null));
        assertThat(c.redis()).isEqualTo(new RedisConfig("redis://r:6379/2", "app:", 9, null));
        assertThat(c.limits()).isEqualTo(new LimitsConfig(5, 6, 2, false, false));
        assertThat(c.connections()).isEqualTo(new ConnectionsConfig(50, 3, 4, 8, 2, 11));
        assertThat(c.defaultChannels()).containsExactly("general");
        assertThat(c.nodeId()).isEqualTo("n1");
        assertThat(c.summaryIntervalSeconds()).isZero();
    }

    @Test
    void ioThreadsZero_meansOnePerCore() {
        assertThat(new TransportConfig("h", 1, 0, 4096, 32768, 1, List.of(), null).ioThreads())
                .isEqualTo(Runtime.getRuntime().availableProcessors());
    }

    @Test
    void redisUrl_winsOverHost_andNeitherMeansEmbedded() {
        assertThat(
                        ServerConfig.builder()
                                .redisUrl("rediss://u:1/0")
                                .redisHost("h")
                                .build()
                                .redis()
                                .url())
                .isEqualTo("rediss://u:1/0");
        assertThat(ServerConfig.builder().redisUrl("").build().embeddedBroker()).isTrue();
    }

    @Test
    void toString_neverShowsTheTokenTheKeyOrTheRedisPassword() {
        ServerConfig c =
                ServerConfig.builder()
                        .authToken("t0ken-secret")
                        .apiKey("key-secret")
                        .redisHost("h")
                        .redisPassword("pw-secret")
                        .build();

        assertThat(c.toString())
                .contains("redis://***@h:6379/0")
                .doesNotContain("t0ken-secret")
                .doesNotContain("key-secret")
                .doesNotContain("pw-secret");
    }

    @Test
    void groups_refuseBadValuesNamingTheSetting() {
        assertThatThrownBy(() -> new LimitsConfig(0, 1, 1, true, false))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("max-subscriptions (MAX_SUBSCRIPTIONS) = '0'");
        assertThatThrownBy(() -> new RedisConfig("redis://h", "a b", 5, null))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("channel-prefix (CHANNEL_PREFIX) = 'a b'");
        assertThatThrownBy(() -> new AuthConfig("", true, "k", false, null))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("auth-token (WS_AUTH_TOKEN)");
    }

    @Test
    void tlsCertAndKey_turnTlsOn() {
        TransportConfig t =
                ServerConfig.builder()
                        .tlsCert(" /etc/redcast/cert.pem ")
                        .tlsKey("/etc/redcast/key.pem")
                        .build()
                        .transport();

        assertThat(t.secure()).isTrue();
        assertThat(t.tls())
                .isEqualTo(new TlsSettings("/etc/redcast/cert.pem", "/etc/redcast/key.pem"));
        assertThat(ServerConfig.builder().tlsCert("").tlsKey(" ").build().transport().secure())
                .isFalse();
    }

    @Test
    void tlsCertWithoutKey_orKeyWithoutCert_isRefusedNamingBoth() {
        assertThatThrownBy(() -> ServerConfig.builder().tlsCert("/c.pem").build())
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "tls-cert (TLS_CERT) is set but tls-key (TLS_KEY) is not: TLS needs both"
                                + " PEM files, plain HTTP neither");
        assertThatThrownBy(() -> ServerConfig.builder().tlsKey("/k.pem").build())
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("tls-key (TLS_KEY) is set but tls-cert (TLS_CERT) is not");
    }

    @Test
    void redisCa_goesWithARedissUrl() {
        RedisConfig r =
                ServerConfig.builder()
                        .redisUrl("rediss://r:6380/0")
                        .redisCa("/etc/redcast/redis-ca.pem")
                        .build()
                        .redis();

        assertThat(r.tls()).isTrue();
        assertThat(r.caFile()).isEqualTo("/etc/redcast/redis-ca.pem");
    }

    @Test
    void redisCa_withAPlainRedisOrNoRedis_isRefused() {
        assertThatThrownBy(
                        () ->
                                ServerConfig.builder()
                                        .redisUrl("redis://:pw-secret@r:6379/0")
                                        .redisCa("/ca.pem")
                                        .build())
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "redis-ca (REDIS_CA) is set but the Redis URL redis://***@r:6379/0 does"
                                + " not start with rediss://");
        assertThatThrownBy(() -> ServerConfig.builder().redisCa("/ca.pem").build())
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "redis-ca (REDIS_CA) is set but no Redis is: give a rediss:// redis-url"
                                + " (REDIS_URL)");
    }
}
