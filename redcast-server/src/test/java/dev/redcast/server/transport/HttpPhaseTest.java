package dev.redcast.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redcast.server.config.ConnectionsConfig;
import dev.redcast.server.metrics.ServerMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Confined to the test thread. The deadlines of the HTTP phase on an {@link EmbeddedChannel} with
 * frozen time: the request deadline from accept and from a kept-alive request's first byte, the
 * idle timeout after an answer, no deadline while the server answers, and the slot given back once
 * when the phase ends.
 */
class HttpPhaseTest {
    private static final int REQUEST_SECONDS = 5;
    private static final int IDLE_SECONDS = 30;
    private static final String GET = "GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n";

    private static final ConnectionsConfig CONFIG =
            new ConnectionsConfig(0, 0, 0, 10, REQUEST_SECONDS, IDLE_SECONDS);

    private final ServerMetrics metrics = new ServerMetrics();
    private final ConnectionLimits limits = new ConnectionLimits(CONFIG, metrics);
    private EmbeddedChannel channel;

    @BeforeEach
    void setUp() {
        assertThat(limits.acquireHttp()).isTrue();
        HttpPhase phase = new HttpPhase(CONFIG, limits, metrics);
        channel = new EmbeddedChannel();
        channel.freezeTime();
        channel.pipeline()
                .addLast(HttpPhase.BYTES, phase.bytes())
                .addLast(new HttpServerCodec())
                .addLast(new HttpObjectAggregator(65536))
                .addLast(HttpPhase.MESSAGES, phase.messages());
    }

    @AfterEach
    void tearDown() {
        channel.finishAndReleaseAll();
        metrics.close();
    }

    @Test
    void requestNotWholeWithinTheDeadlineFromAccept_closesTheConnection() {
        send("GET /health HTTP/1.1\r\nHo");

        passSeconds(REQUEST_SECONDS - 1);
        assertThat(channel.isOpen()).isTrue();
        passSeconds(1);

        assertThat(channel.isOpen()).isFalse();
        assertThat(metrics.scrape()).contains("redcast_http_timeouts_total{kind=\"request\"} 1.0");
        assertThat(limits.httpConnections()).isZero();
    }

    @Test
    void silentConnection_isClosedByTheRequestDeadline() {
        passSeconds(REQUEST_SECONDS);

        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void wholeRequest_stopsTheClock_whileTheServerAnswers() {
        send(GET);
        releaseRequest();

        passSeconds(IDLE_SECONDS * 10);

        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void afterTheAnswer_anIdleKeptAliveConnection_isClosedAfterTheIdleTimeout() {
        send(GET);
        releaseRequest();
        answer();

        passSeconds(IDLE_SECONDS - 1);
        assertThat(channel.isOpen()).isTrue();
        passSeconds(1);

        assertThat(channel.isOpen()).isFalse();
        assertThat(metrics.scrape()).contains("redcast_http_timeouts_total{kind=\"idle\"} 1.0");
    }

    @Test
    void firstByteOfTheNextRequest_startsItsOwnRequestDeadline() {
        send(GET);
        releaseRequest();
        answer();
        passSeconds(IDLE_SECONDS - 1);

        send("G");
        passSeconds(REQUEST_SECONDS);

        assertThat(channel.isOpen()).isFalse();
        assertThat(metrics.scrape())
                .contains("redcast_http_timeouts_total{kind=\"request\"} 1.0")
                .doesNotContain("kind=\"idle\"");
    }

    @Test
    void ending_thePhase_stopsEveryDeadline_andGivesTheSlotBackOnce() {
        HttpPhase.end(channel.pipeline());
        assertThat(limits.httpConnections()).isZero();

        passSeconds(IDLE_SECONDS * 10);
        assertThat(channel.isOpen()).isTrue();
        channel.close();

        assertThat(limits.httpConnections()).isZero();
        assertThat(channel.pipeline().get(HttpPhase.BYTES)).isNull();
    }

    @Test
    void closing_givesTheSlotBackOnce() {
        channel.close();
        channel.close();

        assertThat(limits.httpConnections()).isZero();
    }

    private void send(String text) {
        channel.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII));
    }

    private void releaseRequest() {
        Object request = channel.readInbound();
        assertThat(request).isInstanceOf(FullHttpRequest.class);
        ReferenceCountUtil.release(request);
    }

    private void answer() {
        DefaultFullHttpResponse response =
                new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
        channel.writeOutbound(response);
        for (ByteBuf b; (b = channel.readOutbound()) != null; ) {
            b.release();
        }
    }

    private void passSeconds(int seconds) {
        channel.advanceTimeBy(seconds, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
    }
}
