package dev.redcast.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Confined to the test thread. The shared token and the user names it admits. */
class SharedTokenAuthenticatorTest {
    private final SharedTokenAuthenticator auth = new SharedTokenAuthenticator("s3cret");

    private AuthException refused(String token, String user) {
        return catchThrowableOfType(
                AuthException.class, () -> auth.authenticate(new Credentials(token, user, "c1")));
    }

    @Test
    void rightToken_withUser_isThatUser() {
        assertThat(auth.authenticate(new Credentials("s3cret", "wael.k@x-y_1", "c1")).user())
                .isEqualTo("wael.k@x-y_1");
    }

    @Test
    void rightToken_withoutUser_isAnonymousWithClientId() {
        assertThat(auth.authenticate(new Credentials("s3cret", null, "ab12")).user())
                .isEqualTo("anonymous-ab12");
        assertThat(auth.authenticate(new Credentials("s3cret", "", "ab12")).user())
                .isEqualTo("anonymous-ab12");
    }

    @Test
    void missingToken_is401() {
        assertThat(refused(null, "u").status()).isEqualTo(401);
        assertThat(refused("", "u").status()).isEqualTo(401);
        assertThat(refused(null, "u").getMessage()).contains("missing token");
    }

    @ParameterizedTest
    @ValueSource(strings = {"s3cre", "s3cret ", "S3CRET", "s3cret2", "x"})
    void wrongToken_is401(String token) {
        AuthException e = refused(token, "u");
        assertThat(e.status()).isEqualTo(401);
        assertThat(e.getMessage()).isEqualTo("invalid token");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a b", "a/b", "<script>", "a\nb", "a\"b", "x:y"})
    void badUserName_is400(String user) {
        assertThat(refused("s3cret", user).status()).isEqualTo(400);
    }

    @Test
    void userNameLength_isBounded() {
        String max = "u".repeat(SharedTokenAuthenticator.MAX_USER_LENGTH);
        assertThat(auth.authenticate(new Credentials("s3cret", max, "c")).user()).isEqualTo(max);
        assertThat(refused("s3cret", max + "u").status()).isEqualTo(400);
    }
}
