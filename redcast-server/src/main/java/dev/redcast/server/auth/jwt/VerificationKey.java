package dev.redcast.server.auth.jwt;

import com.nimbusds.jose.Algorithm;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Objects;
import java.util.Set;

/**
 * Thread-safe (immutable; nimbus verifiers keep no state between calls). One key a token may be
 * verified with, and the algorithms it may be verified under. This is the one place that decides
 * which keys redcast accepts, for a configured secret or PEM key and for every JWKS entry alike.
 *
 * <p>Algorithm confusion is prevented here: a key accepts only the algorithms of its own family (an
 * HMAC secret only {@code HS*}, an RSA key only {@code RS*}/{@code PS*}, an EC key only the {@code
 * ES*} of its curve), narrowed further by a JWK's {@code alg}. So an {@code HS256} token "signed"
 * with a configured RSA public key as its secret is never even checked.
 *
 * @param kid the key id a token names to select this key, or null (a configured key has none and is
 *     used whatever the token's {@code kid})
 * @param alg the one algorithm this key may be used with (a JWK's {@code alg}), or null for any its
 *     family supports
 * @param verifier checks signatures with the key
 * @param description what the key is, for messages and the start-up banner, e.g. {@code RSA
 *     2048-bit}
 */
record VerificationKey(String kid, JWSAlgorithm alg, JWSVerifier verifier, String description) {
    /** Smallest RSA modulus accepted, in bits (NIST SP 800-57 and RFC 7518 section 3.3). */
    static final int MIN_RSA_BITS = 2048;

    /** Shortest HMAC secret accepted, in bytes: 256 bits, what {@code HS256} needs. */
    static final int MIN_HMAC_SECRET_BYTES = 32;

    private static final Set<Curve> CURVES = Set.of(Curve.P_256, Curve.P_384, Curve.P_521);

    VerificationKey {
        Objects.requireNonNull(verifier, "verifier");
        Objects.requireNonNull(description, "description");
    }

    /** Whether a token signed under {@code tokenAlg} may be verified with this key. */
    boolean accepts(JWSAlgorithm tokenAlg) {
        return (alg == null || alg.equals(tokenAlg))
                && verifier.supportedJWSAlgorithms().contains(tokenAlg);
    }

    /**
     * A shared HMAC secret, its UTF-8 bytes used as they are. A secret of 256 bits verifies {@code
     * HS256} only, 384 bits also {@code HS384}, 512 bits all three (RFC 7518 section 3.2: the key
     * is at least as long as the hash).
     *
     * @throws IllegalArgumentException when {@link #hmacProblem} finds one
     */
    static VerificationKey hmac(byte[] secret) {
        String problem = hmacProblem(secret);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        try {
            return new VerificationKey(
                    null,
                    null,
                    new MACVerifier(secret),
                    "HMAC " + secret.length * 8 + "-bit secret");
        } catch (JOSEException e) {
            throw new IllegalArgumentException("JWT HMAC secret unusable: " + e.getMessage(), e);
        }
    }

    /**
     * A configured RSA or EC public key, used whatever {@code kid} a token names.
     *
     * @throws IllegalArgumentException when {@link #problem} finds one
     */
    static VerificationKey publicKey(PublicKey key) {
        return of(null, null, key);
    }

    /**
     * An entry of a JWKS document.
     *
     * @throws IllegalArgumentException saying why the entry cannot verify signatures: not for
     *     signatures ({@code use}), symmetric, EdDSA, too weak, or an {@code alg} its type cannot
     *     have
     */
    static VerificationKey fromJwk(JWK jwk) {
        if (jwk.getKeyUse() != null && !KeyUse.SIGNATURE.equals(jwk.getKeyUse())) {
            throw new IllegalArgumentException("not a signature key (use " + jwk.getKeyUse() + ")");
        }
        if (jwk instanceof OctetSequenceKey) {
            // A JWKS is a public document: a shared secret in it is a mistake, and accepting one
            // would let whoever reads it sign tokens.
            throw new IllegalArgumentException(
                    "symmetric (oct) keys are not taken from a JWKS; configure an HMAC secret");
        }
        JWSAlgorithm alg = null;
        Algorithm declared = jwk.getAlgorithm();
        if (declared != null) {
            alg = JWSAlgorithm.parse(declared.getName());
        }
        PublicKey key;
        try {
            if (jwk instanceof RSAKey rsa) {
                key = rsa.toRSAPublicKey();
            } else if (jwk instanceof ECKey ec) {
                key = ec.toECPublicKey();
            } else if (jwk instanceof OctetKeyPair) {
                throw new IllegalArgumentException(edDsaUnsupported());
            } else {
                throw new IllegalArgumentException("unsupported key type " + jwk.getKeyType());
            }
        } catch (JOSEException e) {
            throw new IllegalArgumentException("unreadable key: " + e.getMessage(), e);
        }
        VerificationKey k = of(jwk.getKeyID(), alg, key);
        if (alg != null && !k.verifier.supportedJWSAlgorithms().contains(alg)) {
            throw new IllegalArgumentException(
                    "alg " + alg + " does not fit a " + k.description + " key");
        }
        return k;
    }

    /** Null when {@code secret} is long enough to verify tokens, else why not. */
    static String hmacProblem(byte[] secret) {
        return secret.length >= MIN_HMAC_SECRET_BYTES
                ? null
                : "JWT HMAC secret is "
                        + secret.length
                        + " bytes: at least "
                        + MIN_HMAC_SECRET_BYTES
                        + " (256 bits) are needed for HS256, 48 for HS384, 64 for HS512";
    }

    /** Null when {@code key} can verify tokens, else why not and what would do. */
    static String problem(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            int bits = rsa.getModulus().bitLength();
            return bits >= MIN_RSA_BITS
                    ? null
                    : "RSA key is " + bits + " bits: at least " + MIN_RSA_BITS + " are needed";
        }
        if (key instanceof ECPublicKey ec) {
            Curve curve = Curve.forECParameterSpec(ec.getParams());
            return CURVES.contains(curve)
                    ? null
                    : "EC key is on an unsupported curve: use P-256 (ES256), P-384 (ES384) or"
                            + " P-521 (ES512)";
        }
        if ("EdDSA".equals(key.getAlgorithm()) || "Ed25519".equals(key.getAlgorithm())) {
            return edDsaUnsupported();
        }
        return "unsupported "
                + key.getAlgorithm()
                + " key: use an RSA (2048 bits or more) or EC (P-256, P-384, P-521) public key";
    }

    private static String edDsaUnsupported() {
        // nimbus-jose-jwt verifies Ed25519 through Google Tink, an optional dependency that
        // redcast does not bundle (see JwtVerifier).
        return "EdDSA (Ed25519) keys are not supported: use an RS*, PS* or ES* key";
    }

    private static VerificationKey of(String kid, JWSAlgorithm alg, PublicKey key) {
        String problem = problem(key);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        try {
            if (key instanceof RSAPublicKey rsa) {
                return new VerificationKey(
                        kid,
                        alg,
                        new RSASSAVerifier(rsa),
                        "RSA " + rsa.getModulus().bitLength() + "-bit");
            }
            ECPublicKey ec = (ECPublicKey) key;
            return new VerificationKey(
                    kid,
                    alg,
                    new ECDSAVerifier(ec),
                    "EC " + Curve.forECParameterSpec(ec.getParams()));
        } catch (JOSEException e) {
            throw new IllegalArgumentException("unusable key: " + e.getMessage(), e);
        }
    }
}
