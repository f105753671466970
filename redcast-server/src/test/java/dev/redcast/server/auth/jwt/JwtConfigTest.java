package dev.redcast.server.auth.jwt;

import static dev.redcast.server.auth.jwt.TestTokens.SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.Curve;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Confined to the test thread. Validation of the JWT settings and what they print. */
class JwtConfigTest {
    @TempDir Path dir;

    @Test
    void defaults() {
        JwtConfig c = new JwtConfig(new JwtKey.Hmac(SECRET));

        assertThat(c.leeway()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.audience()).isNull();
        assertThat(c.issuer()).isNull();
        assertThat(c.describe()).isEqualTo("JWT, HMAC 256-bit secret, leeway 30 s");
    }

    @Test
    void shortSecret_isRefused_sayingWhatEachAlgorithmNeeds() {
        assertThatThrownBy(() -> new JwtKey.Hmac("x".repeat(31)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "JWT HMAC secret is 31 bytes: at least 32 (256 bits) are needed for HS256,"
                                + " 48 for HS384, 64 for HS512");
    }

    @Test
    void secret_isNeverPrinted() {
        JwtKey.Hmac key = new JwtKey.Hmac(SECRET);

        assertThat(key.toString()).doesNotContain(SECRET).isEqualTo("Hmac[32 bytes]");
        assertThat(new JwtConfig(key).toString()).doesNotContain(SECRET);
        assertThat(new JwtConfig(key).describe()).doesNotContain(SECRET);
    }

    @Test
    void leeway_isBounded() {
        JwtKey key = new JwtKey.Hmac(SECRET);

        assertThatThrownBy(() -> new JwtConfig(key, Duration.ofSeconds(-1), null, null))
                .hasMessage("JWT leeway -1 s: allowed 0 s to 600 s");
        assertThatThrownBy(() -> new JwtConfig(key, Duration.ofMinutes(11), null, null))
                .hasMessage("JWT leeway 660 s: allowed 0 s to 600 s");
        assertThatThrownBy(() -> new JwtConfig(key, null, null, null))
                .hasMessage("JWT leeway unset: allowed 0 s to 600 s");
        assertThat(new JwtConfig(key, JwtConfig.MAX_LEEWAY, null, null).leeway())
                .isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void blankAudienceOrIssuer_isRefused_nullMeansUnchecked() {
        JwtKey key = new JwtKey.Hmac(SECRET);

        assertThatThrownBy(() -> new JwtConfig(key, JwtConfig.DEFAULT_LEEWAY, " ", null))
                .hasMessageStartingWith("JWT audience is blank");
        assertThatThrownBy(() -> new JwtConfig(key, JwtConfig.DEFAULT_LEEWAY, null, ""))
                .hasMessageStartingWith("JWT issuer is blank");
        assertThat(new JwtConfig(key, JwtConfig.DEFAULT_LEEWAY, "app", "https://id").describe())
                .isEqualTo("JWT, HMAC 256-bit secret, leeway 30 s, aud 'app', iss 'https://id'");
    }

    @Test
    void pemKeys_describeThemselves() throws Exception {
        PublicKey rsa = TestTokens.rsa(null).toRSAPublicKey();
        PublicKey ec = TestTokens.ec(Curve.P_384, null).toECPublicKey();

        assertThat(JwtKey.Pem.parse(TestTokens.pem(rsa)).describe())
                .isEqualTo("RSA 2048-bit public key");
        assertThat(JwtKey.Pem.parse(TestTokens.pem(ec)).describe())
                .isEqualTo("EC P-384 public key");
    }

    @Test
    void weakRsaKey_isRefused() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(1024);
        String pem = TestTokens.pem(g.generateKeyPair().getPublic());

        assertThatThrownBy(() -> JwtKey.Pem.parse(pem))
                .hasMessage("JWT public key: RSA key is 1024 bits: at least 2048 are needed");
    }

    @Test
    void ed25519Key_isRefused_sayingWhatToUseInstead() throws Exception {
        String pem =
                TestTokens.pem(
                        KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic());

        assertThatThrownBy(() -> JwtKey.Pem.parse(pem))
                .hasMessage(
                        "JWT public key: EdDSA (Ed25519) keys are not supported: use an RS*, PS* or"
                                + " ES* key");
    }

    @Test
    void pemThatIsNotAPublicKey_isRefused_withWhatWasFound() throws Exception {
        byte[] der = TestTokens.rsa(null).toRSAPrivateKey().getEncoded();
        String privatePem =
                "-----BEGIN PRIVATE KEY-----\n"
                        + Base64.getMimeEncoder().encodeToString(der)
                        + "\n-----END PRIVATE KEY-----\n";

        assertThatThrownBy(() -> JwtKey.Pem.parse(privatePem))
                .hasMessage(
                        "JWT public key: a 'PRIVATE KEY' block, expected 'PUBLIC KEY' or"
                                + " 'CERTIFICATE' (never give redcast a private key)");
        assertThatThrownBy(
                        () ->
                                JwtKey.Pem.parse(
                                        "-----BEGIN RSA PUBLIC KEY-----\nAAAA\n-----END RSA PUBLIC"
                                                + " KEY-----"))
                .hasMessageContaining("openssl rsa -RSAPublicKey_in -pubout");
        assertThatThrownBy(() -> JwtKey.Pem.parse("hello"))
                .hasMessageStartingWith("JWT public key: no PEM block");
        assertThatThrownBy(
                        () ->
                                JwtKey.Pem.parse(
                                        "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"))
                .hasMessage("JWT public key: not an RSA, EC or EdDSA public key");
    }

    @Test
    void pemFile_isNamedWhenItCannotBeRead() throws Exception {
        Path missing = dir.resolve("missing.pem");
        Path empty = Files.writeString(dir.resolve("empty.pem"), "", StandardCharsets.US_ASCII);

        assertThatThrownBy(() -> JwtKey.Pem.read(missing))
                .hasMessageStartingWith("JWT public key file " + missing + " cannot be read");
        assertThatThrownBy(() -> JwtKey.Pem.read(empty))
                .hasMessageStartingWith("JWT public key file " + empty + ": no PEM block");
    }

    @Test
    void jwksLocation_mustBeAFileOrHttp() {
        assertThatThrownBy(() -> JwtKey.Jwks.at(URI.create("ftp://id.example/jwks.json")))
                .hasMessage(
                        "JWKS location 'ftp://id.example/jwks.json': a file path or an http:// or"
                                + " https:// URL");
        assertThatThrownBy(() -> JwtKey.Jwks.at(URI.create("jwks.json")))
                .hasMessageStartingWith("JWKS location 'jwks.json'");
        assertThat(JwtKey.Jwks.file(dir.resolve("k.json")).location().getScheme())
                .isEqualTo("file");
    }

    @Test
    void jwksIntervals_areBounded_andTheGapFitsInTheInterval() {
        URI u = URI.create("https://id.example/jwks.json");
        Duration s = Duration.ofSeconds(1);

        assertThatThrownBy(() -> new JwtKey.Jwks(u, Duration.ofMillis(500), s, s))
                .hasMessage("JWKS refresh interval 500 ms: allowed 1 s to 86400 s");
        assertThatThrownBy(() -> new JwtKey.Jwks(u, s, Duration.ofSeconds(2), s))
                .hasMessage("JWKS minimum refresh gap 2 s: allowed 1 ms to 1 s");
        assertThatThrownBy(() -> new JwtKey.Jwks(u, s, s, Duration.ofMillis(10)))
                .hasMessage("JWKS fetch timeout 10 ms: allowed 100 ms to 60 s");
    }

    @Test
    void jwksDescription_leavesOutCredentialsInTheUrl() {
        JwtKey.Jwks k =
                JwtKey.Jwks.at(URI.create("https://u:pw@id.example:8443/k.json?key=s3cret"));

        assertThat(k.describe())
                .isEqualTo("JWKS https://id.example:8443/k.json (reloaded every 300 s)");
    }
}
