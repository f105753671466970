package dev.redcast.server.transport;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionData;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionUtil;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtension;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateServerExtensionHandshaker;
import java.util.Map;

/**
 * Thread-safe (immutable). {@code permessage-deflate} (RFC 7692) for clients that offer it, as
 * browsers, Python {@code websockets} and Node {@code ws} do by default. Negotiated in the upgrade
 * rather than by Netty's extension handler in the HTTP pipeline, because the upgrade answers the
 * already aggregated request itself.
 *
 * <p>What it costs: a compressor per connection, and the shared message frames of the fan-out go to
 * such a connection as frame objects for its compressor (one small object per delivery) instead of
 * as pooled duplicates; connections without it keep the fan-out that allocates nothing. The
 * outbound budget counts the compressed bytes, which are what waits in the socket's buffer.
 * Inflating a client's message stops at the frame limit, so a small compressed frame cannot expand
 * beyond what an uncompressed one may be.
 */
final class Compression {
    /** zlib's default, a good trade of CPU for size on chat-sized JSON. */
    private static final int LEVEL = 6;

    private final PerMessageDeflateServerExtensionHandshaker handshaker;

    /**
     * @param maxFrameSize the largest message a client may send, uncompressed
     */
    Compression(int maxFrameSize) {
        // The JDK's zlib has no window size of choice, so a client asking for a smaller server
        // window is served uncompressed; server_no_context_takeover is granted (it saves memory).
        this.handshaker =
                new PerMessageDeflateServerExtensionHandshaker(
                        LEVEL,
                        false,
                        PerMessageDeflateServerExtensionHandshaker.MAX_WINDOW_SIZE,
                        true,
                        false,
                        maxFrameSize);
    }

    /**
     * The extension agreed for a request with these headers: the first offer of {@code
     * permessage-deflate} that can be served, or null (no offer, or none acceptable).
     */
    WebSocketServerExtension negotiate(HttpHeaders request) {
        String offers = request.get(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS);
        if (offers == null || offers.isBlank()) {
            return null;
        }
        for (WebSocketExtensionData offer : WebSocketExtensionUtil.extractExtensions(offers)) {
            WebSocketServerExtension agreed = handshaker.handshakeExtension(offer);
            if (agreed != null) {
                return agreed;
            }
        }
        return null;
    }

    /** The {@code Sec-WebSocket-Extensions} value that tells the client what was agreed. */
    static String responseHeader(WebSocketServerExtension agreed) {
        WebSocketExtensionData data = agreed.newReponseData();
        StringBuilder out = new StringBuilder(data.name());
        for (Map.Entry<String, String> p : data.parameters().entrySet()) {
            out.append("; ").append(p.getKey());
            if (p.getValue() != null) {
                out.append('=').append(p.getValue());
            }
        }
        return out.toString();
    }
}
