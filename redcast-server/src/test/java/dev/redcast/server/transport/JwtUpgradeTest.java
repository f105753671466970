package dev.redcast.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.redcast.server.api.Router;
import dev.redcast.server.auth.jwt.JwtAuthenticator;
import dev.redcast.server.auth.jwt.JwtConfig;
import dev.redcast.server.auth.jwt.JwtKey;
import dev.redcast.server.auth.jwt.JwtVerifier;
import dev.redcast.server.broker.memory.MemoryBroker;
import dev.redcast.server.cluster.Cluster;
import dev.redcast.server.cluster.memory.MemoryNodeRegistry;
import dev.redcast.server.config.ServerConfig;
import dev.redcast.server.dialect.Dialects;
import dev.redcast.server.hub.Gateway;
import dev.redcast.server.metrics.ServerMetrics;
import dev.redcast.server.presence.memory.MemoryPresenceStore;
import dev.redcast.server.registry.memory.MemoryChannelRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Confined to the test thread. The WebSocket upgrade with a {@link JwtAuthenticator} in place of
 * the shared token: a refused JWT gets the same 401 JSON as a wrong shared token, a valid one
 * connects as its {@code sub}. Raw HTTP bytes in and out of an {@link EmbeddedChannel}.
 */
class JwtUpgradeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    private final ServerMetrics metrics = new ServerMetrics();
    private EmbeddedChannel channel;

    @BeforeEach
    void setUp() {
        ServerConfig config = ServerConfig.builder().authToken("t").nodeId("n-test").build();
        JwtAuthenticator auth =
                new JwtAuthenticator(new JwtVerifier(new JwtConfig(new JwtKey.Hmac(SECRET))));
        Gateway gateway =
                Gateway.wire(
                        config,
                        Cluster.of(new MemoryBroker(), new MemoryNodeRegistry(), "n-test", metrics),
                        new MemoryPresenceStore("n-test"),
                        new MemoryChannelRegistry(),
                        metrics,
                        "1.0",
                        auth);
        gateway.start();
        channel =
                new EmbeddedChannel(
                        new HttpServerCodec(),
                        new HttpObjectAggregator(65536),
                        new HttpRequestHandler(
                                new Router(),
                                new WebSocketUpgrade(
                                        config.transport(),
                                        auth,
                                        gateway.hub(),
                                        Dialects.of(config, gateway.hub(), gateway.commands()),
                                        new ConnectionLimits(config.connections(), metrics))));
    }

    @AfterEach
    void tearDown() {
        channel.finishAndReleaseAll();
        metrics.close();
    }

    private static String token(Instant exp) {
        SignedJWT jwt =
                new SignedJWT(
                        new JWSHeader(JWSAlgorithm.HS256),
                        new JWTClaimsSet.Builder()
                                .subject("wael")
                                .expirationTime(Date.from(exp))
                                .build());
        try {
            jwt.sign(new MACSigner(SECRET));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    /** Sends an upgrade request with these extra header lines; returns every byte written back. */
    private String upgrade(String query, String headers) {
        String request =
                "GET /ws"
                        + query
                        + " HTTP/1.1\r\n"
                        + "Host: localhost\r\n"
                        + "Upgrade: websocket\r\n"
                        + "Connection: Upgrade\r\n"
                        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                        + "Sec-WebSocket-Version: 13\r\n"
                        + "Sec-WebSocket-Protocol: redcast.v1\r\n"
                        + headers
                        + "\r\n";
        channel.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.US_ASCII));
        channel.runPendingTasks();
        StringBuilder out = new StringBuilder();
        for (ByteBuf b; (b = channel.readOutbound()) != null; ) {
            try {
                out.append(b.toString(StandardCharsets.UTF_8));
            } finally {
                b.release();
            }
        }
        return out.toString();
    }

    private static JsonNode body(String response) throws Exception {
        return JSON.readTree(response.substring(response.indexOf("\r\n\r\n") + 4));
    }

    @Test
    void expiredJwt_is401Json_withTheReason() throws Exception {
        String token = token(Instant.now().minusSeconds(120));

        String response = upgrade("?token=" + token, "");

        assertThat(response).startsWith("HTTP/1.1 401 Unauthorized");
        JsonNode body = body(response);
        assertThat(body.get("error").asText()).isEqualTo("unauthorized");
        assertThat(body.get("message").asText()).startsWith("invalid token: expired: exp ");
        assertThat(response).doesNotContain(token.split("\\.")[1]);
    }

    @Test
    void missingJwt_is401Json() throws Exception {
        String response = upgrade("", "");

        assertThat(response).startsWith("HTTP/1.1 401 Unauthorized");
        assertThat(body(response).get("message").asText()).startsWith("missing token");
    }

    @Test
    void validJwtAsBearer_connectsAsItsSub() {
        String response =
                upgrade(
                        "?user=admin",
                        "Authorization: Bearer " + token(Instant.now().plusSeconds(120)) + "\r\n");

        assertThat(response).startsWith("HTTP/1.1 101 Switching Protocols");
        // Server frames are not masked, so the welcome frame's JSON is readable in the bytes.
        assertThat(response).contains("\"type\":\"welcome\"").contains("\"user\":\"wael\"");
    }
}
