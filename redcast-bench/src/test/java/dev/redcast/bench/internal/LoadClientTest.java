package dev.redcast.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class LoadClientTest {

    @Test
    void withToken_appendsEncodedTokenAsQueryParameter() {
        assertThat(LoadClient.withToken(URI.create("ws://h:1/ws"), "a b&c"))
                .hasToString("ws://h:1/ws?token=a+b%26c");
        assertThat(LoadClient.withToken(URI.create("ws://h:1/ws?user=x"), "t"))
                .hasToString("ws://h:1/ws?user=x&token=t");
        assertThat(LoadClient.withToken(URI.create("ws://h:1/ws"), null))
                .hasToString("ws://h:1/ws");
    }
}
