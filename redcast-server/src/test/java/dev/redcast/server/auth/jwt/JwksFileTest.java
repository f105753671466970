package dev.redcast.server.auth.jwt;

import static dev.redcast.server.auth.jwt.TestTokens.claims;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import dev.redcast.server.auth.jwt.JwtException.Reason;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Confined to the test thread (each verifier has its JWKS thread). Keys from a JWKS file: selection
 * by {@code kid}, entries that are not used, reloading, and what happens when the file goes bad.
 * The HTTP side is {@code JwksHttpIT}.
 */
class JwksFileTest {
    private static final Clock CLOCK = Clock.fixed(TestTokens.NOW, ZoneOffset.UTC);
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static RSAKey k1;
    private static RSAKey k2;
    private static ECKey k3;

    @TempDir Path dir;
    private final List<JwtVerifier> verifiers = new ArrayList<>();

    @BeforeAll
    static void keys() {
        k1 = TestTokens.rsa("k1");
        k2 = TestTokens.rsa("k2");
        k3 = TestTokens.ec(Curve.P_256, "k3");
    }

    @AfterEach
    void close() {
        verifiers.forEach(JwtVerifier::close);
    }

    private Path write(String document) throws Exception {
        return TestTokens.replace(dir.resolve("jwks.json"), document);
    }

    /** A verifier of the keys in {@code file}, loaded. */
    private JwtVerifier loaded(Path file) {
        JwtVerifier v = started(file);
        v.ready().join();
        return v;
    }

    private JwtVerifier started(Path file) {
        JwtVerifier v = new JwtVerifier(new JwtConfig(TestTokens.fileJwks(file)), CLOCK);
        verifiers.add(v);
        return v;
    }

    private static Reason reason(JwtVerifier v, String token) {
        return catchThrowableOfType(JwtException.class, () -> v.verify(token)).reason();
    }

    private static String rs256(RSAKey key) {
        return TestTokens.rsa(JWSAlgorithm.RS256, key, claims().build());
    }

    /** A token naming a kid no document has: verifyAsync on it waits for a reload. */
    private static String tokenWithUnknownKid() {
        return rs256(new RSAKey.Builder(k1).keyID("nobody").build());
    }

    @Test
    void tokens_areVerifiedWithTheKeyTheirKidNames() throws Exception {
        JwtVerifier v = loaded(write(TestTokens.jwks(k1, k2, k3)));

        assertThat(v.verify(rs256(k1)).user()).isEqualTo("wael");
        assertThat(v.verify(rs256(k2)).user()).isEqualTo("wael");
        assertThat(v.verify(TestTokens.ec(JWSAlgorithm.ES256, k3, claims().build())).user())
                .isEqualTo("wael");
        assertThat(v.describe()).startsWith("JWT, JWKS " + dir.resolve("jwks.json"));
    }

    @Test
    void tokenSignedByOneKey_namingAnother_isBadSignature() throws Exception {
        JwtVerifier v = loaded(write(TestTokens.jwks(k1, k2)));
        RSAKey k1CallingItselfK2 = new RSAKey.Builder(k1).keyID("k2").build();

        assertThat(reason(v, rs256(k1CallingItselfK2))).isEqualTo(Reason.BAD_SIGNATURE);
    }

    @Test
    void tokenWithoutKid_isTriedAgainstEveryKeyOfItsFamily() throws Exception {
        JwtVerifier v = loaded(write(TestTokens.jwks(k1, k2, k3)));
        RSAKey anonymous = new RSAKey.Builder(k2).keyID(null).build();

        assertThat(v.verify(rs256(anonymous)).user()).isEqualTo("wael");
    }

    @Test
    void entriesThatCannotVerifySignatures_areNotUsed() throws Exception {
        OctetSequenceKey secret = new OctetSequenceKeyGenerator(256).keyID("oct").generate();
        RSAKey encryption =
                new RSAKey.Builder(k1.toPublicJWK()).keyID("enc").keyUse(KeyUse.ENCRYPTION).build();
        RSAKey rs384Only =
                new RSAKey.Builder(k2.toPublicJWK())
                        .keyID("rs384")
                        .algorithm(JWSAlgorithm.RS384)
                        .build();
        // RFC 8037's example Ed25519 key: nimbus cannot generate one without Tink.
        String ed25519 =
                "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"kid\":\"ed\","
                        + "\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\"}";
        String document =
                "{\"keys\":["
                        + secret.toJSONString()
                        + ","
                        + encryption.toJSONString()
                        + ","
                        + rs384Only.toJSONString()
                        + ","
                        + ed25519
                        + "]}";
        JwtVerifier v = loaded(write(document));

        // A shared secret published in a JWKS is never a key: HS256 "signed" with it is refused.
        String hs256 =
                TestTokens.sign(
                        new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("oct").build(),
                        new MACSigner(secret),
                        claims().build());
        assertThat(reason(v, hs256)).isEqualTo(Reason.UNKNOWN_KEY);
        assertThat(reason(v, rs256(new RSAKey.Builder(k1).keyID("enc").build())))
                .isEqualTo(Reason.UNKNOWN_KEY);
        // A JWK's alg narrows its key to that one algorithm.
        RSAKey signer = new RSAKey.Builder(k2).keyID("rs384").build();
        assertThat(reason(v, rs256(signer))).isEqualTo(Reason.UNSUPPORTED_ALGORITHM);
        assertThat(v.verify(TestTokens.rsa(JWSAlgorithm.RS384, signer, claims().build())).user())
                .isEqualTo("wael");
    }

    @Test
    void unknownKid_isRefused_andTheRefreshItAsksForPicksUpTheNewKey() throws Exception {
        Path file = write(TestTokens.jwks(k1));
        JwtVerifier v = loaded(file);
        write(TestTokens.jwks(k1, k2));

        assertThat(reason(v, rs256(k2))).isEqualTo(Reason.UNKNOWN_KEY);

        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(v.verify(rs256(k2)).user()).isEqualTo("wael"));
    }

    @Test
    void verifyAsync_waitsForTheRefresh_soANewKeyIsAcceptedOnFirstUse() throws Exception {
        Path file = write(TestTokens.jwks(k1));
        JwtVerifier v = loaded(file);
        write(TestTokens.jwks(k1, k2));

        assertThat(v.verifyAsync(rs256(k2)).get(10, TimeUnit.SECONDS).user()).isEqualTo("wael");
    }

    @Test
    void removedKey_isRefusedOnceTheDocumentIsReloaded() throws Exception {
        Path file = write(TestTokens.jwks(k1, k2));
        JwtVerifier v = loaded(file);
        assertThat(v.verify(rs256(k1)).user()).isEqualTo("wael");
        write(TestTokens.jwks(k2));

        // A token naming a kid that is not loaded makes the verifier reload.
        assertThat(v.verifyAsync(tokenWithUnknownKid()))
                .failsWithin(WAIT)
                .withThrowableOfType(ExecutionException.class)
                .havingCause()
                .isInstanceOf(JwtException.class);

        assertThat(reason(v, rs256(k1))).isEqualTo(Reason.UNKNOWN_KEY);
        assertThat(v.verify(rs256(k2)).user()).isEqualTo("wael");
    }

    @Test
    void unreadableDocument_keepsTheKeysLoadedBefore() throws Exception {
        Path file = write(TestTokens.jwks(k1));
        JwtVerifier v = loaded(file);
        write("{\"keys\": [ not json");

        assertThat(v.verifyAsync(tokenWithUnknownKid())).failsWithin(WAIT);

        assertThat(v.verify(rs256(k1)).user()).isEqualTo("wael");
    }

    @Test
    void documentTooLarge_keepsTheKeysLoadedBefore() throws Exception {
        Path file = write(TestTokens.jwks(k1));
        JwtVerifier v = loaded(file);
        write(TestTokens.jwks(k2) + " ".repeat(JwtKey.Jwks.MAX_DOCUMENT_BYTES));

        assertThat(v.verifyAsync(rs256(k2))).failsWithin(WAIT);

        assertThat(v.verify(rs256(k1)).user()).isEqualTo("wael");
    }

    @Test
    void missingFile_failsReady_andEveryTokenIsUnknownKey() {
        JwtVerifier v = started(dir.resolve("absent.json"));

        CompletionException e =
                catchThrowableOfType(CompletionException.class, () -> v.ready().join());

        assertThat(e.getCause())
                .hasMessage("JWKS " + dir.resolve("absent.json") + ": no such file");
        assertThat(reason(v, rs256(k1))).isEqualTo(Reason.UNKNOWN_KEY);
    }

    @Test
    void close_endsTheJwksThread_andIsSafeTwice() throws Exception {
        JwtVerifier v = loaded(write(TestTokens.jwks(k1)));

        v.close();
        v.close();

        await().atMost(WAIT)
                .until(
                        () ->
                                Thread.getAllStackTraces().keySet().stream()
                                        .noneMatch(t -> t.getName().equals("redcast-jwks")));
        assertThat(v.verify(rs256(k1)).user()).as("loaded keys stay usable").isEqualTo("wael");
    }
}
