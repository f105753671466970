package dev.redcast.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Thread-safe (stateless). HS256 JWTs, signed with the JDK's HMAC, as a backend that issues tokens
 * for redcast would sign them (a node with {@code jwt-secret} set accepts them): for client tests
 * in modules that do not carry a JOSE library.
 */
public final class Jwts {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private Jwts() {}

    /** A token for user {@code sub} that expires {@code validFor} from now (whole seconds). */
    public static String hs256(String secret, String sub, Duration validFor) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", sub);
        claims.put("exp", Instant.now().plus(validFor).getEpochSecond());
        try {
            return sign(
                    "{\"alg\":\"HS256\",\"typ\":\"JWT\"}",
                    JSON.writeValueAsString(claims),
                    key(secret));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write claims " + claims, e);
        }
    }

    /** The secret's bytes, as the server reads {@code jwt-secret}. */
    static byte[] key(String secret) {
        return secret.getBytes(StandardCharsets.UTF_8);
    }

    /** A JWS in compact form: both parts as given, base64url, then their HMAC-SHA256. */
    static String sign(String header, String payload, byte[] key) {
        String signingInput =
                BASE64URL.encodeToString(header.getBytes(StandardCharsets.UTF_8))
                        + "."
                        + BASE64URL.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] signature = mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + BASE64URL.encodeToString(signature);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no HmacSHA256", e);
        }
    }
}
