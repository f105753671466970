package dev.redcast.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.redcast.protocol.CloseCodes;
import dev.redcast.server.config.ConfigException;
import dev.redcast.testkit.WsTestClient;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A node that admits JWT connection tokens: the user is the token's {@code sub} whatever the
 * request claims, its {@code channels} are subscribed on connect, and a connection whose token
 * expires is closed with 4500 unless the client sent a fresh one for the same user first.
 */
class JwtIT {
    private static final String SECRET = TestJwts.SECRET;
    private static RedcastServer node;

    @BeforeAll
    static void start() {
        node =
                RedcastServer.start(
                        TestNodes.config(null).jwtSecret(SECRET).jwtLeewaySeconds(0).build());
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static String token(String sub, Duration validFor, List<String> channels) {
        JWTClaimsSet.Builder claims = TestJwts.claims(sub, validFor);
        if (!channels.isEmpty()) {
            claims.claim("channels", channels);
        }
        return TestJwts.sign(claims);
    }

    private static WsTestClient connect(String token, String claimedUser) {
        return WsTestClient.builder(
                        URI.create(
                                "ws://127.0.0.1:"
                                        + node.port()
                                        + "/ws?token="
                                        + token
                                        + "&user="
                                        + claimedUser))
                .connect();
    }

    @Test
    void validToken_connectsAsItsSub_notAsTheClaimedUser_withItsChannels() {
        try (WsTestClient c =
                connect(token("alice", Duration.ofMinutes(5), List.of("room:1")), "mallory")) {
            JsonNode welcome = c.expect("welcome");
            assertThat(welcome.get("user").asText()).isEqualTo("alice");
            assertThat(welcome.get("subscriptions").toString()).contains("room:1");
        }
    }

    @Test
    void expiredOrForgedToken_getsA401() {
        assertThatThrownBy(() -> connect(token("alice", Duration.ofSeconds(-60), List.of()), "a"))
                .isInstanceOfSatisfying(
                        WsTestClient.HandshakeFailed.class,
                        e -> assertThat(e.status()).isEqualTo(401));
        assertThatThrownBy(() -> connect(TestNodes.TOKEN, "a"))
                .isInstanceOfSatisfying(
                        WsTestClient.HandshakeFailed.class,
                        e -> assertThat(e.status()).isEqualTo(401));
    }

    @Test
    void tokenExpiring_withoutRefresh_isClosedWith4500() {
        try (WsTestClient c = connect(token("bob", Duration.ofSeconds(2), List.of()), "bob")) {
            c.expect("welcome");
            assertThat(c.awaitClose(Duration.ofSeconds(10)).code())
                    .isEqualTo(CloseCodes.TOKEN_INVALID);
        }
    }

    @Test
    void refreshBeforeExpiry_keepsTheConnection() {
        try (WsTestClient c = connect(token("carol", Duration.ofSeconds(2), List.of()), "carol")) {
            c.expect("welcome");
            c.sendJson(
                    "type",
                    "refresh",
                    "id",
                    1,
                    "token",
                    token("carol", Duration.ofMinutes(5), List.of()));
            JsonNode refreshed = c.expect("refreshed");
            assertThat(refreshed.get("id").asInt()).isEqualTo(1);
            assertThat(refreshed.has("expires_at")).isTrue();
            // Past the first token's expiry, the connection still answers.
            org.awaitility.Awaitility.await()
                    .pollDelay(Duration.ofSeconds(3))
                    .atMost(Duration.ofSeconds(5))
                    .until(c::isOpen);
            c.sendJson("type", "ping", "id", 2);
            assertThat(c.expect("pong").get("id").asInt()).isEqualTo(2);
        }
    }

    @Test
    void refreshWithAnotherUsersToken_isForbidden() {
        try (WsTestClient c = connect(token("dave", Duration.ofMinutes(5), List.of()), "dave")) {
            c.expect("welcome");
            c.sendJson(
                    "type",
                    "refresh",
                    "id",
                    1,
                    "token",
                    token("erin", Duration.ofMinutes(5), List.of()));
            assertThat(c.expect("error").get("code").asText()).isEqualTo("forbidden");
        }
    }

    @Test
    void unusableSecret_stopsStartUp_namingTheSetting() {
        assertThatThrownBy(
                        () ->
                                RedcastServer.start(
                                        TestNodes.config(null).jwtSecret("short").build()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("jwt-secret");
    }
}
