package dev.redcast.server.auth.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;

/** Thread-safe (stateless). Keys generated for a test, tokens signed with them, keys as PEM. */
final class TestTokens {
    /** The time every unit test's clock shows. */
    static final Instant NOW = Instant.parse("2030-01-02T03:04:05Z");

    /** A 32-byte HMAC secret: HS256 only. */
    static final String SECRET = "0123456789abcdef0123456789abcdef";

    private TestTokens() {}

    static RSAKey rsa(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static ECKey ec(Curve curve, String kid) {
        try {
            return new ECKeyGenerator(curve).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Claims for user {@code wael} valid from a minute before {@link #NOW} to a minute after. */
    static JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder()
                .subject("wael")
                .notBeforeTime(Date.from(NOW.minusSeconds(60)))
                .expirationTime(Date.from(NOW.plusSeconds(60)));
    }

    static String hmac(JWSAlgorithm alg, String secret, JWTClaimsSet claims) {
        try {
            return sign(
                    new JWSHeader(alg),
                    new MACSigner(secret.getBytes(StandardCharsets.UTF_8)),
                    claims);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hs256(JWTClaimsSet claims) {
        return hmac(JWSAlgorithm.HS256, SECRET, claims);
    }

    /** Signed with {@code key} under {@code alg}, naming the key's kid when it has one. */
    static String rsa(JWSAlgorithm alg, RSAKey key, JWTClaimsSet claims) {
        try {
            return sign(header(alg, key.getKeyID()), new RSASSASigner(key), claims);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static String ec(JWSAlgorithm alg, ECKey key, JWTClaimsSet claims) {
        try {
            return sign(header(alg, key.getKeyID()), new ECDSASigner(key), claims);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sign(JWSHeader header, JWSSigner signer, JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    /** A token assembled from raw parts, for the shapes no signer produces. */
    static String raw(String headerJson, String payloadJson, String signature) {
        return Base64URL.encode(headerJson.getBytes(StandardCharsets.UTF_8))
                + "."
                + Base64URL.encode(payloadJson.getBytes(StandardCharsets.UTF_8))
                + "."
                + signature;
    }

    static String pem(PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    /** A JWKS document of the public halves of {@code keys}. */
    static String jwks(JWK... keys) {
        List<JWK> list = new ArrayList<>();
        for (JWK k : keys) {
            list.add(k.toPublicJWK());
        }
        return new JWKSet(list).toString();
    }

    /** A JWKS file that reloads only when asked (a kid it lacks), at most every 50 ms. */
    static JwtKey.Jwks fileJwks(Path file) {
        return new JwtKey.Jwks(
                file.toUri(), Duration.ofHours(1), Duration.ofMillis(50), Duration.ofSeconds(2));
    }

    /**
     * Replaces {@code file} with {@code document}, written whole then moved, so that a JWKS thread
     * never reads half a file.
     */
    static Path replace(Path file, String document) throws IOException {
        Path tmp =
                Files.writeString(
                        file.resolveSibling(file.getFileName() + ".tmp"),
                        document,
                        StandardCharsets.UTF_8);
        return Files.move(
                tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static JWSHeader header(JWSAlgorithm alg, String kid) {
        return new JWSHeader.Builder(alg).keyID(kid).build();
    }
}
