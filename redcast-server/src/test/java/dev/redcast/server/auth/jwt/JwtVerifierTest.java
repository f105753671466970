package dev.redcast.server.auth.jwt;

import static dev.redcast.server.auth.jwt.TestTokens.NOW;
import static dev.redcast.server.auth.jwt.TestTokens.SECRET;
import static dev.redcast.server.auth.jwt.TestTokens.claims;
import static dev.redcast.server.auth.jwt.TestTokens.hs256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.redcast.server.auth.jwt.JwtException.Reason;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Confined to the test thread. Token verification with a secret and with PEM keys: what is
 * accepted, and each reason a token is refused. The clock is fixed at {@link TestTokens#NOW}.
 */
class JwtVerifierTest {
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private static RSAKey rsa;
    private static RSAKey otherRsa;
    private static ECKey ec256;
    private static ECKey ec384;

    @TempDir static Path dir;

    private static JwtVerifier rsaVerifier;
    private static JwtVerifier ecVerifier;
    private final JwtVerifier hmacVerifier = verifier(new JwtKey.Hmac(SECRET));

    @BeforeAll
    static void keys() throws Exception {
        rsa = TestTokens.rsa(null);
        otherRsa = TestTokens.rsa(null);
        ec256 = TestTokens.ec(Curve.P_256, null);
        ec384 = TestTokens.ec(Curve.P_384, null);
        rsaVerifier =
                verifier(JwtKey.Pem.read(pemFile("rsa.pem", TestTokens.pem(rsa.toRSAPublicKey()))));
        ecVerifier =
                verifier(JwtKey.Pem.read(pemFile("ec.pem", TestTokens.pem(ec256.toECPublicKey()))));
    }

    private static Path pemFile(String name, String pem) throws Exception {
        return Files.writeString(dir.resolve(name), pem, StandardCharsets.US_ASCII);
    }

    private static JwtVerifier verifier(JwtKey key) {
        return new JwtVerifier(new JwtConfig(key), CLOCK);
    }

    /** The refusal of {@code token}, checking that its message gives nothing of the token away. */
    private static JwtException refused(JwtVerifier verifier, String token) {
        JwtException e = catchThrowableOfType(JwtException.class, () -> verifier.verify(token));
        assertThat(e).as("refused").isNotNull();
        assertThat(e.getStackTrace()).isEmpty();
        for (String part : token == null ? new String[0] : token.split("\\.")) {
            if (part.length() >= 8) {
                assertThat(e.getMessage()).doesNotContain(part);
            }
        }
        return e;
    }

    private static Reason reason(JwtVerifier verifier, String token) {
        return refused(verifier, token).reason();
    }

    @Test
    void validHs256_givesItsClaims() {
        String token =
                hs256(
                        claims().claim("channels", List.of("general", "news:eu"))
                                .claim("info", Map.of("name", "Wael", "age", 7))
                                .build());

        JwtClaims c = hmacVerifier.verify(token);

        assertThat(c.user()).isEqualTo("wael");
        assertThat(c.channels()).containsExactly("general", "news:eu");
        assertThat(c.info()).contains("\"name\":\"Wael\"").contains("\"age\":7");
        assertThat(c.expiresAt()).isEqualTo(NOW.plusSeconds(60));
    }

    @Test
    void onlySub_givesNoChannelsNoInfo_andNoExpiryWithoutExp() {
        JwtClaims c = hmacVerifier.verify(hs256(new JWTClaimsSet.Builder().subject("ann").build()));

        assertThat(c).isEqualTo(new JwtClaims("ann", List.of(), null, null, null));
    }

    @Test
    void hs384AndHs512_needASecretAsLongAsTheirHash() {
        String secret64 = SECRET + SECRET;
        JwtVerifier long64 = verifier(new JwtKey.Hmac(secret64));
        for (JWSAlgorithm alg :
                List.of(JWSAlgorithm.HS256, JWSAlgorithm.HS384, JWSAlgorithm.HS512)) {
            assertThat(long64.verify(TestTokens.hmac(alg, secret64, claims().build())).user())
                    .isEqualTo("wael");
        }
        // The 32-byte verifier cannot check HS512 at full strength, so it does not accept it.
        String hs512 = TestTokens.hmac(JWSAlgorithm.HS512, secret64, claims().build());
        assertThat(reason(hmacVerifier, hs512)).isEqualTo(Reason.UNSUPPORTED_ALGORITHM);
    }

    @Test
    void validRs256AndPs256_fromAPemFile() {
        for (JWSAlgorithm alg :
                List.of(JWSAlgorithm.RS256, JWSAlgorithm.RS512, JWSAlgorithm.PS256)) {
            assertThat(rsaVerifier.verify(TestTokens.rsa(alg, rsa, claims().build())).user())
                    .isEqualTo("wael");
        }
    }

    @Test
    void validEs256_fromAPemFile_andEs384WithItsCurve() throws Exception {
        assertThat(
                        ecVerifier
                                .verify(TestTokens.ec(JWSAlgorithm.ES256, ec256, claims().build()))
                                .user())
                .isEqualTo("wael");
        JwtVerifier p384 = verifier(JwtKey.Pem.parse(TestTokens.pem(ec384.toECPublicKey())));
        assertThat(p384.verify(TestTokens.ec(JWSAlgorithm.ES384, ec384, claims().build())).user())
                .isEqualTo("wael");
    }

    @Test
    void certificatePem_isReadForItsKey() throws Exception {
        // The JDK cannot write certificates through a public API, so its keytool makes one.
        Path store = dir.resolve("cert.p12");
        run(
                keytool(),
                "-genkeypair",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-alias",
                "k",
                "-dname",
                "CN=redcast-test",
                "-keystore",
                store.toString(),
                "-storepass",
                "changeit",
                "-storetype",
                "PKCS12");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        Certificate cert = ks.getCertificate("k");
        String pem =
                "-----BEGIN CERTIFICATE-----\n"
                        + Base64.getMimeEncoder().encodeToString(cert.getEncoded())
                        + "\n-----END CERTIFICATE-----\n";
        RSAKey signing =
                new RSAKey.Builder((RSAPublicKey) cert.getPublicKey())
                        .privateKey((PrivateKey) ks.getKey("k", "changeit".toCharArray()))
                        .build();

        JwtVerifier fromCert = verifier(JwtKey.Pem.parse(pem));

        assertThat(
                        fromCert.verify(
                                        TestTokens.rsa(
                                                JWSAlgorithm.RS256, signing, claims().build()))
                                .user())
                .isEqualTo("wael");
    }

    private static String keytool() {
        return Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(output).isZero();
    }

    @Test
    void expired_isRefused() {
        String token = hs256(claims().expirationTime(Date.from(NOW.minusSeconds(31))).build());

        JwtException e = refused(hmacVerifier, token);

        assertThat(e.reason()).isEqualTo(Reason.EXPIRED);
        assertThat(e.getMessage()).startsWith("expired: exp 2030-01-02T03:03:34Z has passed");
    }

    @Test
    void expiredWithinLeeway_isAccepted() {
        String token = hs256(claims().expirationTime(Date.from(NOW.minusSeconds(29))).build());

        assertThat(hmacVerifier.verify(token).user()).isEqualTo("wael");
    }

    @Test
    void expiredExactlyAtLeeway_isRefused() {
        String token = hs256(claims().expirationTime(Date.from(NOW.minusSeconds(30))).build());

        assertThat(reason(hmacVerifier, token)).isEqualTo(Reason.EXPIRED);
    }

    @Test
    void notYetValid_isRefused() {
        String token = hs256(claims().notBeforeTime(Date.from(NOW.plusSeconds(31))).build());

        assertThat(reason(hmacVerifier, token)).isEqualTo(Reason.NOT_YET_VALID);
    }

    @Test
    void notYetValidWithinLeeway_isAccepted() {
        String token = hs256(claims().notBeforeTime(Date.from(NOW.plusSeconds(30))).build());

        assertThat(hmacVerifier.verify(token).user()).isEqualTo("wael");
    }

    @Test
    void zeroLeeway_refusesASecondLate() {
        JwtVerifier strict =
                new JwtVerifier(
                        new JwtConfig(new JwtKey.Hmac(SECRET), Duration.ZERO, null, null), CLOCK);
        String token = hs256(claims().expirationTime(Date.from(NOW)).build());

        assertThat(reason(strict, token)).isEqualTo(Reason.EXPIRED);
    }

    @Test
    void wrongRsaKey_isBadSignature() {
        String token = TestTokens.rsa(JWSAlgorithm.RS256, otherRsa, claims().build());

        assertThat(reason(rsaVerifier, token)).isEqualTo(Reason.BAD_SIGNATURE);
    }

    @Test
    void wrongSecret_isBadSignature() {
        String token = TestTokens.hmac(JWSAlgorithm.HS256, "x".repeat(32), claims().build());

        assertThat(reason(hmacVerifier, token)).isEqualTo(Reason.BAD_SIGNATURE);
    }

    @Test
    void hmacToken_againstAnRsaKey_isUnsupportedAlgorithm() {
        String token = hs256(claims().build());

        JwtException e = refused(rsaVerifier, token);

        assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_ALGORITHM);
        assertThat(e.getMessage()).contains("alg HS256 cannot be used with the RSA 2048-bit key");
    }

    @Test
    void hmacToken_signedWithThePublicKeyAsSecret_isUnsupportedAlgorithm() throws Exception {
        // The classic confusion attack: the public key is public, so an attacker can "sign" with
        // its PEM text or its DER bytes if the verifier lets the token pick HMAC.
        String pem = TestTokens.pem(rsa.toRSAPublicKey());
        String withPem = TestTokens.hmac(JWSAlgorithm.HS256, pem, claims().build());
        String withDer =
                TestTokens.sign(
                        new JWSHeader(JWSAlgorithm.HS256),
                        new MACSigner(rsa.toRSAPublicKey().getEncoded()),
                        claims().build());

        assertThat(reason(rsaVerifier, withPem)).isEqualTo(Reason.UNSUPPORTED_ALGORITHM);
        assertThat(reason(rsaVerifier, withDer)).isEqualTo(Reason.UNSUPPORTED_ALGORITHM);
    }

    @Test
    void rsaToken_againstASecret_isUnsupportedAlgorithm() {
        String token = TestTokens.rsa(JWSAlgorithm.RS256, rsa, claims().build());

        assertThat(reason(hmacVerifier, token)).isEqualTo(Reason.UNSUPPORTED_ALGORITHM);
    }

    @Test
    void otherFamilyOrCurve_isUnsupportedAlgorithm() {
        String es256 = TestTokens.ec(JWSAlgorithm.ES256, ec256, claims().build());
        String es384 = TestTokens.ec(JWSAlgorithm.ES384, ec384, claims().build());
        String rs256 = TestTokens.rsa(JWSAlgorithm.RS256, rsa, claims().build());

        assertThat(reason(rsaVerifier, es256)).isEqualTo(Reason.UNSUPPORTED_ALGORITHM);
        assertThat(reason(ecVerifier, rs256)).isEqualTo(Reason.UNSUPPORTED_ALGORITHM);
        assertThat(reason(ecVerifier, es384)).isEqualTo(Reason.UNSUPPORTED_ALGORITHM);
    }

    @Test
    void algNone_isRefused_withOrWithoutASignature() {
        String payload = "{\"sub\":\"wael\"}";
        String unsigned = TestTokens.raw("{\"alg\":\"none\"}", payload, "");
        String valid = hs256(claims().build());
        String withStolenSignature =
                TestTokens.raw(
                        "{\"alg\":\"none\",\"typ\":\"JWT\"}", payload, valid.split("\\.")[2]);

        for (JwtVerifier v : List.of(hmacVerifier, rsaVerifier)) {
            JwtException e = refused(v, unsigned);
            assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_ALGORITHM);
            assertThat(e.getMessage()).contains("alg none");
            assertThat(reason(v, withStolenSignature)).isEqualTo(Reason.UNSUPPORTED_ALGORITHM);
        }
    }

    @Test
    void unknownAlgorithm_isRefused_withoutRepeatingIt() {
        String token = TestTokens.raw("{\"alg\":\"<b>HS1</b>\"}", "{\"sub\":\"wael\"}", "AAAA");

        JwtException e = refused(hmacVerifier, token);

        assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_ALGORITHM);
        assertThat(e.getMessage()).doesNotContain("<b>").contains("an unknown alg");
    }

    @Test
    void tamperedPayload_isBadSignature() {
        String[] parts = hs256(claims().build()).split("\\.");
        String forged =
                Base64URL.encode(
                                claims().subject("admin")
                                        .build()
                                        .toString()
                                        .getBytes(StandardCharsets.UTF_8))
                        .toString();

        String token = parts[0] + "." + forged + "." + parts[2];

        assertThat(reason(hmacVerifier, token)).isEqualTo(Reason.BAD_SIGNATURE);
    }

    @Test
    void tamperedRsaSignature_isBadSignature() {
        String token = TestTokens.rsa(JWSAlgorithm.RS256, rsa, claims().build());
        String[] parts = token.split("\\.");
        char last = parts[2].charAt(5) == 'A' ? 'B' : 'A';
        String flipped = parts[2].substring(0, 5) + last + parts[2].substring(6);

        assertThat(reason(rsaVerifier, parts[0] + "." + parts[1] + "." + flipped))
                .isEqualTo(Reason.BAD_SIGNATURE);
    }

    @Test
    void missingOrEmptySub_isMissingSub() {
        JWTClaimsSet noSub =
                new JWTClaimsSet.Builder().expirationTime(Date.from(NOW.plusSeconds(60))).build();

        assertThat(reason(hmacVerifier, hs256(noSub))).isEqualTo(Reason.MISSING_SUB);
        assertThat(reason(hmacVerifier, hs256(claims().subject("").build())))
                .isEqualTo(Reason.MISSING_SUB);
    }

    @Test
    void subWithControlCharactersOrTooLong_isMalformed() {
        assertThat(reason(hmacVerifier, hs256(claims().subject("a\u0000b").build())))
                .isEqualTo(Reason.MALFORMED);
        String max = "u".repeat(JwtVerifier.MAX_SUB_CHARS);
        assertThat(hmacVerifier.verify(hs256(claims().subject(max).build())).user()).isEqualTo(max);
        assertThat(reason(hmacVerifier, hs256(claims().subject(max + "u").build())))
                .isEqualTo(Reason.MALFORMED);
    }

    @Test
    void numericSub_isReadAsItsText() {
        // nimbus reads a numeric sub as its decimal text; some issuers use numeric user ids.
        String token = hs256(claims().claim("sub", 42).build());

        assertThat(hmacVerifier.verify(token).user()).isEqualTo("42");
    }

    @Test
    void subThatIsAnObject_isMalformed() {
        String token = hs256(claims().claim("sub", Map.of("id", 1)).build());

        assertThat(reason(hmacVerifier, token)).isEqualTo(Reason.MALFORMED);
    }

    @Test
    void audience_mustBeAmongTheTokens() {
        JwtVerifier v =
                new JwtVerifier(
                        new JwtConfig(
                                new JwtKey.Hmac(SECRET), JwtConfig.DEFAULT_LEEWAY, "redcast", null),
                        CLOCK);

        assertThat(v.verify(hs256(claims().audience(List.of("billing", "redcast")).build())).user())
                .isEqualTo("wael");
        assertThat(reason(v, hs256(claims().audience("billing").build())))
                .isEqualTo(Reason.WRONG_AUDIENCE);
        assertThat(reason(v, hs256(claims().build()))).isEqualTo(Reason.WRONG_AUDIENCE);
        // Without a configured audience, any aud is fine.
        assertThat(hmacVerifier.verify(hs256(claims().audience("billing").build())).user())
                .isEqualTo("wael");
    }

    @Test
    void issuer_mustMatchExactly() {
        JwtVerifier v =
                new JwtVerifier(
                        new JwtConfig(
                                new JwtKey.Hmac(SECRET),
                                JwtConfig.DEFAULT_LEEWAY,
                                null,
                                "https://id.example"),
                        CLOCK);

        assertThat(v.verify(hs256(claims().issuer("https://id.example").build())).user())
                .isEqualTo("wael");
        assertThat(reason(v, hs256(claims().issuer("https://id.example/").build())))
                .isEqualTo(Reason.WRONG_ISSUER);
        assertThat(reason(v, hs256(claims().build()))).isEqualTo(Reason.WRONG_ISSUER);
    }

    @Test
    void infoAtTheLimit_isAccepted_oneByteMore_isMalformed() {
        // {"k":"xxx…"} serializes to 8 bytes plus the value.
        String atLimit = "x".repeat(JwtVerifier.MAX_INFO_BYTES - 8);

        JwtClaims c =
                hmacVerifier.verify(hs256(claims().claim("info", Map.of("k", atLimit)).build()));
        assertThat(c.info()).hasSize(JwtVerifier.MAX_INFO_BYTES);

        JwtException e =
                refused(
                        hmacVerifier,
                        hs256(claims().claim("info", Map.of("k", atLimit + "x")).build()));
        assertThat(e.reason()).isEqualTo(Reason.MALFORMED);
        assertThat(e.getMessage()).contains("info is 1025 bytes serialized > limit 1024");
    }

    @Test
    void infoThatIsNotAnObject_isMalformed() {
        assertThat(reason(hmacVerifier, hs256(claims().claim("info", "wael").build())))
                .isEqualTo(Reason.MALFORMED);
        assertThat(reason(hmacVerifier, hs256(claims().claim("info", List.of(1)).build())))
                .isEqualTo(Reason.MALFORMED);
    }

    @Test
    void channelsThatAreNotStrings_areMalformed() {
        assertThat(reason(hmacVerifier, hs256(claims().claim("channels", "general").build())))
                .isEqualTo(Reason.MALFORMED);
        assertThat(reason(hmacVerifier, hs256(claims().claim("channels", List.of(1, 2)).build())))
                .isEqualTo(Reason.MALFORMED);
        assertThat(reason(hmacVerifier, hs256(claims().claim("channels", List.of("")).build())))
                .isEqualTo(Reason.MALFORMED);
    }

    @Test
    void expireAt_setsTheConnectionExpiry_zeroMeaningNever() {
        Instant later = NOW.plusSeconds(3600);

        assertThat(
                        hmacVerifier
                                .verify(
                                        hs256(
                                                claims().claim("expire_at", later.getEpochSecond())
                                                        .build()))
                                .expiresAt())
                .isEqualTo(later);
        assertThat(hmacVerifier.verify(hs256(claims().claim("expire_at", 0).build())).expiresAt())
                .isNull();
        assertThat(
                        reason(
                                hmacVerifier,
                                hs256(
                                        claims().claim(
                                                        "expire_at",
                                                        NOW.minusSeconds(31).getEpochSecond())
                                                .build())))
                .isEqualTo(Reason.EXPIRED);
        assertThat(reason(hmacVerifier, hs256(claims().claim("expire_at", "soon").build())))
                .isEqualTo(Reason.MALFORMED);
        assertThat(reason(hmacVerifier, hs256(claims().claim("expire_at", -1).build())))
                .isEqualTo(Reason.MALFORMED);
    }

    @Test
    void shapesThatAreNotACompactJws_areMalformed() {
        String valid = hs256(claims().build());
        for (String token :
                List.of(
                        "",
                        "abc",
                        "a.b",
                        "a.b.c.d",
                        "!!!.???.###",
                        TestTokens.raw("[1]", "{}", "AAAA"),
                        TestTokens.raw("{\"typ\":\"JWT\"}", "{\"sub\":\"wael\"}", "AAAA"),
                        valid + "x".repeat(JwtVerifier.MAX_TOKEN_CHARS))) {
            assertThat(reason(hmacVerifier, token)).as(token).isEqualTo(Reason.MALFORMED);
        }
        assertThat(reason(hmacVerifier, null)).isEqualTo(Reason.MALFORMED);
    }

    @Test
    void payloadThatIsNotAClaimsSet_isMalformed() throws Exception {
        JWSObject array = new JWSObject(new JWSHeader(JWSAlgorithm.HS256), new Payload("[1]"));
        array.sign(macSigner());

        assertThat(reason(hmacVerifier, array.serialize())).isEqualTo(Reason.MALFORMED);
    }

    @Test
    void encryptedToken_isUnsupportedAlgorithm() {
        assertThat(reason(hmacVerifier, "eyJhbGciOiJkaXIiLCJlbmMiOiJBMTI4R0NNIn0..AAAA.BBBB.CCCC"))
                .isEqualTo(Reason.UNSUPPORTED_ALGORITHM);
    }

    @Test
    void criticalHeaderParameters_areUnsupported() {
        JWSHeader header =
                new JWSHeader.Builder(JWSAlgorithm.HS256)
                        .type(JOSEObjectType.JWT)
                        .criticalParams(Set.of("exp"))
                        .build();
        String token = TestTokens.sign(header, macSigner(), claims().build());

        assertThat(reason(hmacVerifier, token)).isEqualTo(Reason.UNSUPPORTED_ALGORITHM);
    }

    @Test
    void verifyAsync_withAFixedKey_answersAtOnce() {
        assertThat(hmacVerifier.verifyAsync(hs256(claims().build())).join().user())
                .isEqualTo("wael");
        assertThat(hmacVerifier.verifyAsync("abc"))
                .isCompletedExceptionally()
                .failsWithin(Duration.ZERO)
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .havingCause()
                .isInstanceOf(JwtException.class);
        assertThat(hmacVerifier.ready()).isCompleted();
    }

    private static MACSigner macSigner() {
        try {
            return new MACSigner(SECRET);
        } catch (com.nimbusds.jose.KeyLengthException e) {
            throw new IllegalStateException(e);
        }
    }
}
