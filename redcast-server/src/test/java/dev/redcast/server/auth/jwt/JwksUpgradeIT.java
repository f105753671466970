package dev.redcast.server.auth.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.redcast.server.RedcastServer;
import dev.redcast.server.TestNodes;
import dev.redcast.testkit.WsTestClient;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node whose JWKS gains a key while it runs admits the first connection signed with the new key:
 * the upgrade waits for the refresh that the unknown {@code kid} asks for instead of answering 401
 * at once. Before, that first connection was refused and only a reconnect got in.
 */
class JwksUpgradeIT {
    @TempDir Path dir;

    @Test
    void aTokenSignedWithAKeyJustAddedToTheJwks_connectsOnItsFirstTry() throws Exception {
        RSAKey old = TestTokens.rsa("old");
        RSAKey added = TestTokens.rsa("added");
        Path jwks = dir.resolve("jwks.json");
        Files.writeString(jwks, TestTokens.jwks(old.toPublicJWK()));
        try (RedcastServer node =
                RedcastServer.start(TestNodes.config(null).jwtJwks(jwks.toString()).build())) {
            TestTokens.replace(jwks, TestTokens.jwks(old.toPublicJWK(), added.toPublicJWK()));
            String token =
                    TestTokens.rsa(
                            JWSAlgorithm.RS256,
                            added,
                            new JWTClaimsSet.Builder()
                                    .subject("ann")
                                    .expirationTime(
                                            Date.from(Instant.now().plus(Duration.ofMinutes(5))))
                                    .build());
            try (WsTestClient c =
                    WsTestClient.builder(
                                    URI.create(
                                            "ws://127.0.0.1:" + node.port() + "/ws?token=" + token))
                            .connectTimeout(Duration.ofSeconds(20))
                            .connect()) {
                JsonNode welcome = c.expect("welcome");
                assertThat(welcome.get("user").asText()).isEqualTo("ann");
            }
        }
    }
}
