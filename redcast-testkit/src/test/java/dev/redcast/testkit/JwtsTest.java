package dev.redcast.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class JwtsTest {

    @Test
    void sign_matchesTheHs256ExampleOfRfc7515() {
        // RFC 7515, appendix A.1: the header and payload bytes, the key, and the resulting JWS.
        String header = "{\"typ\":\"JWT\",\r\n \"alg\":\"HS256\"}";
        String payload =
                "{\"iss\":\"joe\",\r\n \"exp\":1300819380,\r\n \"http://example.com/is_root\":true}";
        byte[] key =
                Base64.getUrlDecoder()
                        .decode(
                                "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow");
        assertThat(Jwts.sign(header, payload, key))
                .isEqualTo(
                        "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9"
                                + ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
                                + ".dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
    }

    @Test
    void hs256_carriesSubAndExpInSeconds() throws Exception {
        long before = Instant.now().getEpochSecond();
        String token =
                Jwts.hs256("a secret of at least thirty-two bytes", "wael", Duration.ofMinutes(5));
        String[] parts = token.split("\\.");
        assertThat(parts).hasSize(3);
        JsonNode claims = new ObjectMapper().readTree(Base64.getUrlDecoder().decode(parts[1]));
        assertThat(claims.get("sub").asText()).isEqualTo("wael");
        assertThat(claims.get("exp").asLong()).isBetween(before + 300, before + 301);
    }
}
