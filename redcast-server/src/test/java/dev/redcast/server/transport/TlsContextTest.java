package dev.redcast.server.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.redcast.server.config.ConfigException;
import dev.redcast.server.config.TlsSettings;
import dev.redcast.server.metrics.ServerMetrics;
import dev.redcast.testkit.TestPki;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Confined to the test thread. Opening the TLS context (provider, deadline, refusals at start-up)
 * and what {@link TlsFailures} makes of handshakes that fail, on an {@link EmbeddedChannel}.
 */
class TlsContextTest {
    private static final int HANDSHAKE_SECONDS = 7;

    @TempDir static Path dir;
    private static TestPki.Issued server;
    private static TestPki.Issued other;

    private final ServerMetrics metrics = new ServerMetrics();
    private TlsContext tls;
    private EmbeddedChannel channel;

    @BeforeAll
    static void issue() {
        TestPki pki = TestPki.create(dir);
        server = pki.issue("server");
        other = pki.issue("other");
    }

    @AfterEach
    void tearDown() {
        if (channel != null) {
            channel.finishAndReleaseAll();
        }
        if (tls != null) {
            tls.close();
        }
        metrics.close();
    }

    private static TlsSettings settings(TestPki.Issued cert, TestPki.Issued key) {
        return new TlsSettings(cert.certificate().toString(), key.key().toString());
    }

    @Test
    void open_usesBoringSslFromTcnative_andTheHandshakeDeadline() {
        tls = TlsContext.open(settings(server, server), HANDSHAKE_SECONDS);

        // The build ships netty-tcnative-boringssl-static for linux-x86_64 and -aarch_64.
        assertThat(OpenSsl.isAvailable())
                .as("tcnative loads: %s", OpenSsl.unavailabilityCause())
                .isTrue();
        assertThat(tls.provider()).isEqualTo("BoringSSL");
        SslHandler handler = tls.newHandler(ByteBufAllocator.DEFAULT);
        try {
            assertThat(handler.getHandshakeTimeoutMillis()).isEqualTo(HANDSHAKE_SECONDS * 1000L);
            assertThat(handler.engine().getUseClientMode()).isFalse();
        } finally {
            ReferenceCountUtil.release(handler.engine());
        }
    }

    @Test
    void open_missingFile_stopsStartUpNamingSettingsAndFile() {
        Path missing = dir.resolve("nope.pem");
        assertThatThrownBy(
                        () ->
                                TlsContext.open(
                                        new TlsSettings(
                                                missing.toString(), server.key().toString()),
                                        HANDSHAKE_SECONDS))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "cannot use tls-cert (TLS_CERT) and tls-key (TLS_KEY): cannot read "
                                + missing
                                + ": no such file");
    }

    @Test
    void open_keyOfAnotherCertificate_stopsStartUp() {
        assertThatThrownBy(() -> TlsContext.open(settings(server, other), HANDSHAKE_SECONDS))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(other.key() + " is not the private key of the first");
    }

    @Test
    void plainHttpOnTheTlsPort_isCountedAsNotTls_andClosedWithoutAnException() {
        channel = tlsChannel();

        channel.writeInbound(
                Unpooled.copiedBuffer(
                        "GET /health HTTP/1.1\r\nHost: x\r\n\r\n", StandardCharsets.US_ASCII));

        assertThat(channel.isOpen()).isFalse();
        channel.checkException();
        assertThat(failures("not_tls")).isEqualTo(1.0);
    }

    @Test
    void noHandshakeWithinTheDeadline_isCountedAsTimeout() {
        channel = tlsChannel();

        channel.advanceTimeBy(HANDSHAKE_SECONDS, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();

        assertThat(channel.isOpen()).isFalse();
        channel.checkException();
        assertThat(failures("timeout")).isEqualTo(1.0);
    }

    @Test
    void peerLeavingDuringTheHandshake_isCountedAsClosed() {
        channel = tlsChannel();

        channel.close();

        channel.checkException();
        assertThat(failures("closed")).isEqualTo(1.0);
    }

    private EmbeddedChannel tlsChannel() {
        tls = TlsContext.open(settings(server, server), HANDSHAKE_SECONDS);
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.freezeTime();
        ch.pipeline().addLast(tls.newHandler(ch.alloc()), new TlsFailures(metrics));
        return ch;
    }

    private double failures(String reason) {
        String line = "redcast_tls_handshake_failures_total{reason=\"" + reason + "\"} ";
        return metrics.scrape()
                .lines()
                .filter(l -> l.startsWith(line))
                .mapToDouble(l -> Double.parseDouble(l.substring(line.length())))
                .sum();
    }
}
