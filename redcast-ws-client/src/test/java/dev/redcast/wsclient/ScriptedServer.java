package dev.redcast.wsclient;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Confined to the test thread. The server end of a client's {@link EmbeddedChannel}, scripted by
 * the test: reads the upgrade request the client wrote, answers it with bytes, and encodes and
 * decodes WebSocket frames as a server would. Shared with the client library's tests through this
 * module's test jar.
 */
public final class ScriptedServer {
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private final EmbeddedChannel channel;

    public ScriptedServer(EmbeddedChannel channel) {
        this.channel = channel;
    }

    /** Everything the client wrote so far, as ASCII: its upgrade request. */
    public String upgradeRequest() {
        StringBuilder sb = new StringBuilder();
        ByteBuf buf;
        while ((buf = channel.readOutbound()) != null) {
            sb.append(buf.toString(StandardCharsets.US_ASCII));
            buf.release();
        }
        return sb.toString();
    }

    /** A valid 101 answer to {@code request}, agreeing to {@code subprotocol}. */
    public static String switchingProtocols(String request, String subprotocol) {
        Matcher m = Pattern.compile("(?i)sec-websocket-key: (\\S+)").matcher(request);
        if (!m.find()) {
            throw new AssertionError("no Sec-WebSocket-Key in the upgrade request: " + request);
        }
        return "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: "
                + accept(m.group(1))
                + "\r\nSec-WebSocket-Protocol: "
                + subprotocol
                + "\r\n\r\n";
    }

    private static String accept(String key) {
        try {
            byte[] sha1 =
                    MessageDigest.getInstance("SHA-1")
                            .digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-1", e);
        }
    }

    /** Sends {@code text} to the client as it is, e.g. an HTTP answer. */
    public void send(String text) {
        channel.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
    }

    /** Sends {@code frames} to the client in one write, as one TCP read would bring them. */
    public void send(WebSocketFrame... frames) {
        channel.writeInbound(encoded(frames));
    }

    /** The server's (unmasked) encoding of {@code frames}, as one buffer. */
    public static ByteBuf encoded(WebSocketFrame... frames) {
        EmbeddedChannel encoder = new EmbeddedChannel(new WebSocket08FrameEncoder(false));
        for (WebSocketFrame f : frames) {
            encoder.writeOutbound(f);
        }
        List<ByteBuf> parts = new ArrayList<>();
        ByteBuf buf;
        while ((buf = encoder.readOutbound()) != null) {
            parts.add(buf);
        }
        encoder.finishAndReleaseAll();
        return Unpooled.wrappedBuffer(parts.toArray(ByteBuf[]::new));
    }

    /** Decodes the (masked) frames the client wrote since the last read; the caller releases. */
    public ArrayDeque<WebSocketFrame> clientFrames() {
        EmbeddedChannel decoder =
                new EmbeddedChannel(new WebSocket08FrameDecoder(true, false, 65536));
        ByteBuf buf;
        while ((buf = channel.readOutbound()) != null) {
            decoder.writeInbound(buf);
        }
        ArrayDeque<WebSocketFrame> frames = new ArrayDeque<>();
        WebSocketFrame f;
        while ((f = decoder.readInbound()) != null) {
            frames.add(f);
        }
        decoder.finishAndReleaseAll();
        return frames;
    }
}
