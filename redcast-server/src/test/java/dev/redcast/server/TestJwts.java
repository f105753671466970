package dev.redcast.server;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/** Thread-safe (stateless). HS256 tokens for tests of nodes that verify JWTs. */
public final class TestJwts {
    /** A secret long enough for HS256. */
    public static final String SECRET = "an HMAC secret of at least 32 bytes!";

    private TestJwts() {}

    /** Claims with {@code sub} and an {@code exp} {@code validFor} from now (negative: expired). */
    public static JWTClaimsSet.Builder claims(String sub, Duration validFor) {
        return new JWTClaimsSet.Builder()
                .subject(sub)
                .expirationTime(Date.from(Instant.now().plus(validFor)));
    }

    /** A connection token for {@code sub}, valid for five minutes, signed with {@link #SECRET}. */
    public static String connection(String sub) {
        return sign(claims(sub, Duration.ofMinutes(5)));
    }

    /** A subscription token granting {@code sub} the channel {@code channel}. */
    public static String subscription(String sub, String channel, Duration validFor) {
        return sign(claims(sub, validFor).claim("channel", channel));
    }

    public static String sign(JWTClaimsSet.Builder claims) {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
        try {
            jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }
}
