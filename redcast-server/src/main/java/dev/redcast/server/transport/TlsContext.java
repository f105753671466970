package dev.redcast.server.transport;

import dev.redcast.server.config.ConfigException;
import dev.redcast.server.config.Setting;
import dev.redcast.server.config.TlsSettings;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thread-safe. The TLS side of the port: the server's {@link SslContext}, built from the configured
 * PEM files with BoringSSL (netty-tcnative) where its natives load and with the JDK's provider
 * elsewhere, and replaced when the files change. Each connection takes the context that is current
 * when it is accepted: a reload reaches new connections, open ones keep theirs until they close.
 *
 * <p>Lifecycle: {@link #open} reads the pair (or fails start-up) and starts a {@link
 * CertificateWatch}; {@link #close} stops the watch. A changed pair that cannot be used is logged
 * once and the current one kept, so a botched renewal never takes the port down.
 */
public final class TlsContext implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TlsContext.class);

    /** How often the files are checked for a change. */
    static final Duration POLL_INTERVAL = Duration.ofSeconds(2);

    private final Path certFile;
    private final Path keyFile;
    private final SslProvider provider;
    private final long handshakeTimeoutMillis;
    private final CertificateWatch watch;
    private volatile SslContext current;

    private TlsContext(
            Path certFile, Path keyFile, SslProvider provider, long handshakeTimeoutMillis) {
        this.certFile = certFile;
        this.keyFile = keyFile;
        this.provider = provider;
        this.handshakeTimeoutMillis = handshakeTimeoutMillis;
        // Stamped before the first read: a change made while it runs is seen by the first poll.
        this.watch = new CertificateWatch(certFile, keyFile, POLL_INTERVAL, this::reload);
    }

    /**
     * Reads the certificate and key and starts watching them.
     *
     * @param handshakeTimeoutSeconds how long a client has to complete the TLS handshake
     * @throws ConfigException naming the settings and the file when the pair cannot be used
     */
    public static TlsContext open(TlsSettings settings, int handshakeTimeoutSeconds) {
        TlsContext tls =
                new TlsContext(
                        Path.of(settings.certFile()),
                        Path.of(settings.keyFile()),
                        OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK,
                        handshakeTimeoutSeconds * 1000L);
        ServerKeyPair pair;
        try {
            pair = ServerKeyPair.read(tls.certFile, tls.keyFile);
            tls.current = tls.build(pair);
        } catch (IllegalArgumentException | SSLException e) {
            tls.close();
            throw new ConfigException(
                    "cannot use "
                            + Setting.TLS_CERT.displayName()
                            + " and "
                            + Setting.TLS_KEY.displayName()
                            + ": "
                            + e.getMessage());
        }
        tls.watch.start();
        log.info("tls: serving {} from {}", pair.describe(), tls.certFile);
        warnIfExpired(pair.leaf());
        return tls;
    }

    /** The handler that encrypts one new connection, with the handshake deadline set. */
    SslHandler newHandler(ByteBufAllocator alloc) {
        SslHandler handler = current.newHandler(alloc);
        handler.setHandshakeTimeoutMillis(handshakeTimeoutMillis);
        return handler;
    }

    /** The TLS implementation in use, e.g. {@code BoringSSL} or {@code JDK}. */
    public String provider() {
        return provider == SslProvider.OPENSSL ? OpenSsl.versionString() : "JDK";
    }

    /** Re-reads the pair for new connections; the watch calls it once the files have changed. */
    private void reload() {
        try {
            ServerKeyPair pair = ServerKeyPair.read(certFile, keyFile);
            current = build(pair);
            log.info("tls: reloaded {} from {}", pair.describe(), certFile);
            warnIfExpired(pair.leaf());
        } catch (IllegalArgumentException | SSLException e) {
            log.warn(
                    "tls: cannot reload the changed certificate, keeping the current one: {}",
                    e.getMessage());
        }
    }

    private SslContext build(ServerKeyPair pair) throws SSLException {
        return SslContextBuilder.forServer(pair.key(), pair.chain().toArray(X509Certificate[]::new))
                .sslProvider(provider)
                .build();
    }

    private static void warnIfExpired(X509Certificate leaf) {
        if (leaf.getNotAfter().toInstant().isBefore(Instant.now())) {
            log.warn(
                    "tls: the certificate expired at {}; clients will refuse it",
                    leaf.getNotAfter().toInstant());
        }
    }

    @Override
    public void close() {
        watch.close();
    }
}
