package dev.redcast.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Confined to the test thread. What a principal carries besides its user name. */
class PrincipalTest {
    @Test
    void userOnly_hasNoChannelsNoInfoNoExpiry() {
        Principal p = new Principal("wael");

        assertThat(p.channels()).isEmpty();
        assertThat(p.info()).isNull();
        assertThat(p.expiresAt()).isNull();
    }

    @Test
    void channels_areCopied_soTheCallerCannotChangeThem() {
        List<String> channels = new ArrayList<>(List.of("general"));
        Principal p = new Principal("wael", channels, "{}", Instant.EPOCH);

        channels.add("secret");

        assertThat(p.channels()).containsExactly("general");
        assertThatThrownBy(() -> p.channels().add("x"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void nullUser_isRefused() {
        assertThatThrownBy(() -> new Principal(null)).isInstanceOf(NullPointerException.class);
    }
}
