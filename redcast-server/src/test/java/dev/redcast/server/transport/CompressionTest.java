package dev.redcast.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtension;
import org.junit.jupiter.api.Test;

/** Confined to the test thread. Which permessage-deflate offers the upgrade agrees to. */
class CompressionTest {
    private final Compression compression = new Compression(65536);

    private WebSocketServerExtension negotiate(String offers) {
        HttpHeaders headers = new DefaultHttpHeaders();
        if (offers != null) {
            headers.set(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS, offers);
        }
        return compression.negotiate(headers);
    }

    @Test
    void noOffer_isNoCompression() {
        assertThat(negotiate(null)).isNull();
        assertThat(negotiate("x-webkit-deflate-frame")).isNull();
    }

    @Test
    void theBrowsersAndLibrariesOffer_isAgreed() {
        WebSocketServerExtension agreed = negotiate("permessage-deflate; client_max_window_bits");
        assertThat(agreed).isNotNull();
        assertThat(Compression.responseHeader(agreed)).isEqualTo("permessage-deflate");
    }

    @Test
    void serverNoContextTakeover_isGranted() {
        WebSocketServerExtension agreed =
                negotiate("permessage-deflate; server_no_context_takeover");
        assertThat(Compression.responseHeader(agreed))
                .isEqualTo("permessage-deflate; server_no_context_takeover");
    }

    @Test
    void anOfferThatCannotBeServed_fallsBackToTheNextOne() {
        assertThat(negotiate("permessage-deflate; server_max_window_bits=10")).isNull();
        assertThat(
                        negotiate(
                                "permessage-deflate; server_max_window_bits=10,"
                                        + " permessage-deflate"))
                .isNotNull();
    }
}
