package dev.redcast.server.auth.jwt;

import com.nimbusds.jose.Algorithm;
import com.nimbusds.jose.Header;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.redcast.server.auth.jwt.JwtException.Reason;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Thread-safe. Verifies compact JWS connection tokens against a {@link JwtConfig} and returns what
 * they say ({@link JwtClaims}), or throws a {@link JwtException} with the reason.
 *
 * <h2>Design</h2>
 *
 * <p>The checks run in a fixed order, and nothing about a token's content is believed before its
 * signature is: size and shape ({@code malformed}); the header's {@code alg}, where {@code none}
 * and encrypted tokens are refused outright ({@code unsupported_algorithm}); the key, chosen by the
 * configuration and, for a JWKS, the token's {@code kid} ({@code unknown_key}); whether that key's
 * family can use the token's {@code alg} ({@code unsupported_algorithm}: this is what stops
 * algorithm confusion, see {@link VerificationKey}); the signature ({@code bad_signature}); then
 * the claims: {@code exp} and {@code nbf} with the leeway, {@code iss}, {@code aud}, {@code sub},
 * and the optional {@code channels}, {@code info} and {@code expire_at}.
 *
 * <p>nimbus's {@code DefaultJWTProcessor} would do most of this, but it reports failures as
 * free-text messages; doing the few steps here gives every failure a stable reason code and keeps
 * the algorithm rule in one visible place. nimbus still parses tokens and checks signatures (HMACs
 * compared in constant time).
 *
 * <p>{@link #verify} never does I/O, so it may run on an event loop. With a JWKS, keys live in
 * {@link JwksKeys}, refreshed by a daemon thread of its own; a token naming an unknown {@code kid}
 * asks for a (rate-limited) refresh and is refused for now, while {@link #verifyAsync} waits for
 * that refresh and tries once more, so a key the issuer has just added is accepted on first use.
 *
 * <p>EdDSA ({@code Ed25519}) is not supported: nimbus-jose-jwt verifies it through Google Tink, an
 * optional dependency redcast does not bundle. Adding {@code com.google.crypto.tink:tink} and an
 * {@code OctetKeyPair} case in {@link VerificationKey} would enable it.
 *
 * <p>Lifecycle: create at start-up, optionally wait for {@link #ready()}, {@link #close()} at
 * shutdown (stops the JWKS thread; a no-op for a secret or a PEM key).
 */
public final class JwtVerifier implements AutoCloseable {
    /** Longest token accepted, in characters; real ones are well under 2 000. */
    public static final int MAX_TOKEN_CHARS = 8192;

    /** Longest {@code sub}: 255 characters, the limit OpenID Connect sets. */
    public static final int MAX_SUB_CHARS = 255;

    /** Largest {@code info} claim, serialized as compact JSON: 1 KiB of UTF-8. */
    public static final int MAX_INFO_BYTES = 1024;

    /** Standard algorithm names, the only ones repeated in messages (a token's alg is input). */
    private static final Set<JWSAlgorithm> KNOWN_ALGS = knownAlgs();

    private final JwtConfig config;
    private final Clock clock;

    /** The configured secret or PEM key; null with a JWKS. */
    private final VerificationKey fixedKey;

    /** The JWKS keys and their refresh thread; null with a secret or a PEM key. */
    private final JwksKeys jwks;

    /** Starts the JWKS refresh thread, if any; the first fetch begins at once. */
    public JwtVerifier(JwtConfig config) {
        this(config, Clock.systemUTC());
    }

    /** As {@link #JwtVerifier(JwtConfig)}, reading the time from {@code clock}. */
    public JwtVerifier(JwtConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        JwtKey key = config.key();
        if (key instanceof JwtKey.Jwks j) {
            this.fixedKey = null;
            this.jwks = new JwksKeys(j);
        } else if (key instanceof JwtKey.Pem p) {
            this.fixedKey = VerificationKey.publicKey(p.key());
            this.jwks = null;
        } else {
            this.fixedKey = VerificationKey.hmac(((JwtKey.Hmac) key).bytes());
            this.jwks = null;
        }
    }

    /**
     * Completes when the keys are first in place: at once for a secret or a PEM key, after the
     * first fetch for a JWKS, exceptionally (with the reason) when that fetch failed. Until then a
     * JWKS verifier refuses every token with {@code unknown_key}.
     */
    public CompletableFuture<Void> ready() {
        return jwks == null ? CompletableFuture.completedFuture(null) : jwks.firstLoad();
    }

    /**
     * The claims of {@code token} if it is valid now. Never blocks; with a JWKS, a token naming a
     * {@code kid} that is not loaded asks for a refresh in the background and is refused.
     *
     * @throws JwtException when the token is refused
     */
    public JwtClaims verify(String token) {
        return verify(token, true);
    }

    /**
     * As {@link #verify}, except that a token naming a {@code kid} that is not loaded waits for a
     * JWKS refresh (rate-limited, see {@link JwtKey.Jwks}) and is then verified once more. The
     * future completes on the caller's thread when no refresh is needed, otherwise on the JWKS
     * thread: event-loop callers hop back to their loop. It fails with a {@link JwtException}.
     */
    public CompletableFuture<JwtClaims> verifyAsync(String token) {
        try {
            return CompletableFuture.completedFuture(verify(token, false));
        } catch (JwtException e) {
            if (jwks == null || e.reason() != Reason.UNKNOWN_KEY) {
                return CompletableFuture.failedFuture(e);
            }
        }
        CompletableFuture<JwtClaims> result = new CompletableFuture<>();
        jwks.refresh()
                .whenComplete(
                        (keys, fetchFailure) -> {
                            // A failed fetch leaves the old keys, so the answer is unknown_key.
                            try {
                                result.complete(verify(token, false));
                            } catch (JwtException e) {
                                result.completeExceptionally(e);
                            }
                        });
        return result;
    }

    /** One line for the start-up banner. */
    public String describe() {
        return config.describe();
    }

    /** Stops the JWKS refresh thread; safe to call twice. */
    @Override
    public void close() {
        if (jwks != null) {
            jwks.close();
        }
    }

    private JwtClaims verify(String token, boolean mayRefresh) {
        SignedJWT jwt = parse(token);
        checkSignature(jwt, mayRefresh);
        JWTClaimsSet claims;
        try {
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new JwtException(Reason.MALFORMED, "the claims are not a JWT claims set");
        }
        return claims(claims);
    }

    private static SignedJWT parse(String token) {
        if (token == null || token.isEmpty()) {
            throw new JwtException(Reason.MALFORMED, "no token");
        }
        if (token.length() > MAX_TOKEN_CHARS) {
            throw new JwtException(
                    Reason.MALFORMED,
                    "token is " + token.length() + " characters > limit " + MAX_TOKEN_CHARS);
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length == 5) {
            throw new JwtException(
                    Reason.UNSUPPORTED_ALGORITHM, "encrypted tokens (JWE) are not accepted");
        }
        if (parts.length != 3) {
            throw new JwtException(
                    Reason.MALFORMED,
                    "a compact JWS has 3 dot-separated parts, not " + parts.length);
        }
        // The alg is read before nimbus parses the whole token, so that "none" (which nimbus
        // would turn into an unsecured JWT or a parse error) is named for what it is.
        Algorithm alg;
        try {
            alg =
                    Header.parseAlgorithm(
                            JSONObjectUtils.parse(new Base64URL(parts[0]).decodeToString()));
        } catch (ParseException e) {
            throw new JwtException(Reason.MALFORMED, "the header is not a JOSE header");
        }
        if (Algorithm.NONE.equals(alg)) {
            throw new JwtException(
                    Reason.UNSUPPORTED_ALGORITHM, "alg none: unsigned tokens are never accepted");
        }
        if (!(alg instanceof JWSAlgorithm)) {
            throw new JwtException(Reason.UNSUPPORTED_ALGORITHM, "not a signature algorithm");
        }
        try {
            return SignedJWT.parse(token);
        } catch (ParseException e) {
            throw new JwtException(Reason.MALFORMED, "not a compact JWS");
        }
    }

    private void checkSignature(SignedJWT jwt, boolean mayRefresh) {
        JWSHeader header = jwt.getHeader();
        JWSAlgorithm alg = header.getAlgorithm();
        if (header.getCriticalParams() != null && !header.getCriticalParams().isEmpty()) {
            throw new JwtException(
                    Reason.UNSUPPORTED_ALGORITHM, "critical header parameters are not supported");
        }
        List<VerificationKey> candidates = candidates(header.getKeyID(), mayRefresh);
        List<VerificationKey> usable = new ArrayList<>(candidates.size());
        for (VerificationKey k : candidates) {
            if (k.accepts(alg)) {
                usable.add(k);
            }
        }
        if (usable.isEmpty()) {
            throw new JwtException(
                    Reason.UNSUPPORTED_ALGORITHM,
                    algName(alg) + " cannot be used with the " + describe(candidates));
        }
        for (VerificationKey k : usable) {
            try {
                if (jwt.verify(k.verifier())) {
                    return;
                }
            } catch (JOSEException e) {
                // A signature of the wrong length or encoding: simply not a valid one.
            }
        }
        throw new JwtException(
                Reason.BAD_SIGNATURE, "the signature does not verify with the " + describe(usable));
    }

    /** The keys a token with this {@code kid} may have been signed with; never empty. */
    private List<VerificationKey> candidates(String kid, boolean mayRefresh) {
        if (fixedKey != null) {
            return List.of(fixedKey);
        }
        List<VerificationKey> loaded = jwks.keys();
        List<VerificationKey> named = new ArrayList<>();
        for (VerificationKey k : loaded) {
            if (kid == null || kid.equals(k.kid())) {
                named.add(k);
            }
        }
        if (named.isEmpty()) {
            if (mayRefresh) {
                jwks.refresh();
            }
            throw new JwtException(
                    Reason.UNKNOWN_KEY,
                    (kid == null
                                    ? "no kid and no key"
                                    : "kid not among the " + loaded.size() + " keys")
                            + " loaded from the JWKS");
        }
        return named;
    }

    private JwtClaims claims(JWTClaimsSet c) {
        Instant now = clock.instant();
        Duration leeway = config.leeway();
        Instant exp = instant(c.getExpirationTime());
        if (exp != null && !now.isBefore(exp.plus(leeway))) {
            throw expired("exp", exp);
        }
        Instant nbf = instant(c.getNotBeforeTime());
        if (nbf != null && now.plus(leeway).isBefore(nbf)) {
            throw new JwtException(
                    Reason.NOT_YET_VALID,
                    "nbf " + nbf + " is more than " + leeway.toSeconds() + " s ahead");
        }
        if (config.issuer() != null && !config.issuer().equals(c.getIssuer())) {
            throw new JwtException(Reason.WRONG_ISSUER, "iss is not the configured issuer");
        }
        if (config.audience() != null && !c.getAudience().contains(config.audience())) {
            throw new JwtException(
                    Reason.WRONG_AUDIENCE, "aud does not contain the configured audience");
        }
        String user = user(c.getSubject());
        Instant expiresAt = exp;
        Object expireAt = c.getClaim("expire_at");
        if (expireAt != null) {
            expiresAt = expireAt(expireAt);
            if (expiresAt != null && !now.isBefore(expiresAt.plus(leeway))) {
                throw expired("expire_at", expiresAt);
            }
        }
        return new JwtClaims(user, channels(c), info(c.getClaim("info")), expiresAt, channel(c));
    }

    private JwtException expired(String claim, Instant at) {
        return new JwtException(
                Reason.EXPIRED,
                claim + " " + at + " has passed (leeway " + config.leeway().toSeconds() + " s)");
    }

    private static String user(String sub) {
        if (sub == null || sub.isEmpty()) {
            throw new JwtException(Reason.MISSING_SUB, "a token names its user in sub");
        }
        if (sub.length() > MAX_SUB_CHARS) {
            throw new JwtException(
                    Reason.MALFORMED,
                    "sub is " + sub.length() + " characters > limit " + MAX_SUB_CHARS);
        }
        // User names end up in log prefixes and in the presence store's member encoding, which
        // uses a control character as its separator.
        if (sub.chars().anyMatch(Character::isISOControl)) {
            throw new JwtException(Reason.MALFORMED, "sub contains control characters");
        }
        return sub;
    }

    private static List<String> channels(JWTClaimsSet c) {
        List<String> channels;
        try {
            channels = c.getStringListClaim("channels");
        } catch (ParseException e) {
            throw new JwtException(Reason.MALFORMED, "channels must be an array of strings");
        }
        if (channels == null) {
            return List.of();
        }
        for (String ch : channels) {
            if (ch == null || ch.isEmpty()) {
                throw new JwtException(
                        Reason.MALFORMED, "channels must be an array of non-empty strings");
            }
        }
        return channels;
    }

    private static String channel(JWTClaimsSet c) {
        Object channel = c.getClaim("channel");
        if (channel == null) {
            return null;
        }
        if (!(channel instanceof String s) || s.isEmpty()) {
            throw new JwtException(Reason.MALFORMED, "channel must be a non-empty string");
        }
        return s;
    }

    private static String info(Object info) {
        if (info == null) {
            return null;
        }
        if (!(info instanceof Map)) {
            throw new JwtException(Reason.MALFORMED, "info must be a JSON object");
        }
        @SuppressWarnings("unchecked")
        String json = JSONObjectUtils.toJSONString((Map<String, ?>) info);
        int bytes = json.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_INFO_BYTES) {
            throw new JwtException(
                    Reason.MALFORMED,
                    "info is " + bytes + " bytes serialized > limit " + MAX_INFO_BYTES);
        }
        return json;
    }

    /** The connection expiry an {@code expire_at} claim asks for; null for 0 ("never"). */
    private static Instant expireAt(Object claim) {
        if (!(claim instanceof Long seconds) || seconds < 0) {
            throw new JwtException(
                    Reason.MALFORMED, "expire_at must be a whole number of seconds, 0 or more");
        }
        return seconds == 0 ? null : Instant.ofEpochSecond(seconds);
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }

    private static String algName(JWSAlgorithm alg) {
        return KNOWN_ALGS.contains(alg) ? "alg " + alg.getName() : "an unknown alg";
    }

    private static Set<JWSAlgorithm> knownAlgs() {
        Set<JWSAlgorithm> algs = new HashSet<>(JWSAlgorithm.Family.SIGNATURE);
        algs.addAll(JWSAlgorithm.Family.HMAC_SHA);
        return Set.copyOf(algs);
    }

    private static String describe(List<VerificationKey> keys) {
        if (keys.size() == 1) {
            return keys.get(0).description() + " key";
        }
        List<String> kinds = new ArrayList<>();
        for (VerificationKey k : keys) {
            kinds.add(k.description());
        }
        return keys.size() + " keys " + kinds;
    }
}
