package dev.redcast.server.auth.jwt;

import static dev.redcast.server.auth.jwt.TestTokens.NOW;
import static dev.redcast.server.auth.jwt.TestTokens.SECRET;
import static dev.redcast.server.auth.jwt.TestTokens.claims;
import static dev.redcast.server.auth.jwt.TestTokens.hs256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.RSAKey;
import dev.redcast.server.auth.AuthException;
import dev.redcast.server.auth.Credentials;
import dev.redcast.server.auth.Principal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Confined to the test thread. JWT credentials as an {@code Authenticator}: principals and 401s.
 */
class JwtAuthenticatorTest {
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private final JwtAuthenticator auth =
            new JwtAuthenticator(new JwtVerifier(new JwtConfig(new JwtKey.Hmac(SECRET)), CLOCK));

    @TempDir Path dir;

    private static Credentials token(String token) {
        return new Credentials(token, null, "c1");
    }

    @Test
    void validToken_isThePrincipalItsClaimsDescribe() {
        String token =
                hs256(
                        claims().claim("channels", List.of("general"))
                                .claim("info", Map.of("name", "Wael"))
                                .build());

        Principal p = auth.authenticate(token(token));

        assertThat(p)
                .isEqualTo(
                        new Principal(
                                "wael",
                                List.of("general"),
                                "{\"name\":\"Wael\"}",
                                NOW.plusSeconds(60)));
    }

    @Test
    void requestedUser_isIgnored_theTokenNamesTheUser() {
        Principal p = auth.authenticate(new Credentials(hs256(claims().build()), "admin", "c1"));

        assertThat(p.user()).isEqualTo("wael");
    }

    @Test
    void missingToken_is401_asWithTheSharedToken() {
        for (String token : new String[] {null, ""}) {
            AuthException e =
                    catchThrowableOfType(
                            AuthException.class, () -> auth.authenticate(token(token)));
            assertThat(e.status()).isEqualTo(401);
            assertThat(e.getMessage()).isEqualTo(AuthException.missingToken().getMessage());
        }
    }

    @Test
    void refusedToken_is401_sayingWhy_neverRepeatingTheToken() {
        String token = hs256(claims().expirationTime(Date.from(NOW.minusSeconds(60))).build());

        AuthException e =
                catchThrowableOfType(AuthException.class, () -> auth.authenticate(token(token)));

        assertThat(e.status()).isEqualTo(401);
        assertThat(e.getMessage()).startsWith("invalid token: expired: exp ");
        assertThat(e.getMessage()).doesNotContain(token.split("\\.")[1]);
    }

    @Test
    void authenticateAsync_givesTheSameAnswers() {
        String valid = hs256(claims().build());

        assertThat(auth.authenticateAsync(token(valid)).toCompletableFuture().join().user())
                .isEqualTo("wael");
        for (String bad : new String[] {null, "a.b.c"}) {
            CompletionException e =
                    catchThrowableOfType(
                            CompletionException.class,
                            () -> auth.authenticateAsync(token(bad)).toCompletableFuture().join());
            assertThat(e.getCause()).isInstanceOf(AuthException.class);
            assertThat(((AuthException) e.getCause()).status()).isEqualTo(401);
        }
    }

    @Test
    void authenticateAsync_acceptsAKeyTheIssuerHasJustAdded() throws Exception {
        RSAKey k1 = TestTokens.rsa("k1");
        RSAKey k2 = TestTokens.rsa("k2");
        Path file = dir.resolve("jwks.json");
        TestTokens.replace(file, TestTokens.jwks(k1));
        try (JwtVerifier verifier =
                new JwtVerifier(new JwtConfig(TestTokens.fileJwks(file)), CLOCK)) {
            verifier.ready().join();
            JwtAuthenticator jwks = new JwtAuthenticator(verifier);
            TestTokens.replace(file, TestTokens.jwks(k1, k2));
            String token = TestTokens.rsa(JWSAlgorithm.RS256, k2, claims().build());

            Principal p =
                    jwks.authenticateAsync(token(token))
                            .toCompletableFuture()
                            .get(10, TimeUnit.SECONDS);

            assertThat(p.user()).isEqualTo("wael");
        }
    }

    @Test
    void describe_isTheConfiguration() {
        assertThat(auth.describe()).isEqualTo("JWT, HMAC 256-bit secret, leeway 30 s");
    }
}
