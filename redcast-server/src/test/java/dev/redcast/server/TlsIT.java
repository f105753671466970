package dev.redcast.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.redcast.server.config.ConfigException;
import dev.redcast.server.config.ServerConfig;
import dev.redcast.testkit.TestPki;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Confined to the JUnit test thread. A node serving HTTPS and WSS on one port with a certificate
 * issued by a test CA: answers over TLS, what plain HTTP on that port gets, and certificate reloads
 * without a restart. The embedded broker: nothing here depends on Redis.
 */
class TlsIT {
    /** Two polls of the certificate watch and a margin. */
    private static final Duration RELOAD_WAIT = Duration.ofSeconds(20);

    @TempDir Path dir;
    private TestPki pki;
    private TestPki.Issued first;
    private Path certFile;
    private Path keyFile;
    private SSLContext trusting;
    private RedcastServer server;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);

    @BeforeEach
    void start() throws IOException {
        pki = TestPki.create(Files.createDirectory(dir.resolve("pki")));
        first = pki.issue("first");
        certFile = dir.resolve("tls.crt");
        keyFile = dir.resolve("tls.key");
        Files.copy(first.certificate(), certFile);
        Files.copy(first.key(), keyFile);
        trusting = pki.clientContext();
        server = RedcastServer.start(config().build());
        // What the node logs from here on; start-up has its own WARNs (the machine's ulimit).
        logs.start();
        root.addAppender(logs);
    }

    @AfterEach
    void stop() throws Exception {
        root.detachAppender(logs);
        Resources.closeAll(server);
    }

    private ServerConfig.Builder config() {
        return ServerConfig.builder()
                .host("127.0.0.1")
                .port(0)
                .authToken("s3cret")
                .summaryIntervalSeconds(0)
                .tlsCert(certFile.toString())
                .tlsKey(keyFile.toString());
    }

    @Test
    void healthOverHttps_answers200_withTheConfiguredCertificate() throws Exception {
        HttpClient https = HttpClient.newBuilder().sslContext(trusting).build();

        HttpResponse<String> r =
                https.send(
                        HttpRequest.newBuilder(
                                        URI.create(
                                                "https://127.0.0.1:" + server.port() + "/health"))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"status\":\"ok\"");
        assertThat(r.sslSession().orElseThrow().getPeerCertificates()[0]).isEqualTo(first.read());
    }

    @Test
    void plainHttpOnTheTlsPort_failsTheHandshake_countedAndWithoutAWarning() throws Exception {
        try (RawHttpConnection plain = RawHttpConnection.open(server)) {
            plain.write(
                    "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
            // No answer at all (an HTTP one would be a byte too): the connection just closes.
            assertThat(plain.closedWithin(Duration.ofSeconds(5))).isTrue();
        }

        await("the failure counted")
                .atMost(Duration.ofSeconds(5))
                .until(
                        () ->
                                metric("redcast_tls_handshake_failures_total{reason=\"not_tls\"}")
                                        == 1);
        assertThat(warnings()).isEmpty();
        // The port still serves TLS.
        try (RawHttpConnection tls = RawHttpConnection.openTls(server, trusting)) {
            assertThat(tls.get("/health").status()).isEqualTo(200);
        }
    }

    @Test
    void replacedCertificate_reachesNewConnections_whileOpenOnesKeepTheirs() throws Exception {
        try (RawHttpConnection before = RawHttpConnection.openTls(server, trusting)) {
            assertThat(before.peerCertificate().getSerialNumber()).isEqualTo(first.serial());
            TestPki.Issued second = pki.issue("second");

            replace(second.certificate(), certFile);
            replace(second.key(), keyFile);

            await("new connections see the new certificate")
                    .atMost(RELOAD_WAIT)
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> servedSerial().equals(second.serial()));
            assertThat(before.get("/health").status()).isEqualTo(200);
            assertThat(before.peerCertificate().getSerialNumber()).isEqualTo(first.serial());
            assertThat(messages(Level.INFO))
                    .anyMatch(m -> m.startsWith("tls: reloaded CN=second, serial "));
            assertThat(warnings()).isEmpty();
        }
    }

    @Test
    void replacementWhoseKeyDoesNotMatch_isLoggedOnce_andTheCurrentPairKept() throws Exception {
        TestPki.Issued second = pki.issue("second");

        // Only the certificate: the key on disk is still the first one's.
        replace(second.certificate(), certFile);

        await("the refused reload logged").atMost(RELOAD_WAIT).until(() -> !warnings().isEmpty());
        await("no second warning for the same files")
                .during(Duration.ofSeconds(5))
                .atMost(Duration.ofSeconds(8))
                .until(() -> warnings().size() == 1);
        assertThat(warnings().get(0))
                .startsWith("tls: cannot reload the changed certificate, keeping the current one: ")
                .contains("is not the private key of the first certificate in " + certFile);
        assertThat(servedSerial()).isEqualTo(first.serial());

        // The key follows: the pair is whole again and served.
        replace(second.key(), keyFile);
        await("the completed pair served")
                .atMost(RELOAD_WAIT)
                .until(() -> servedSerial().equals(second.serial()));
    }

    @Test
    void unreadableCertificate_stopsStartUpNamingTheFile() {
        Path missing = dir.resolve("missing.crt");

        assertThatThrownBy(() -> RedcastServer.start(config().tlsCert(missing.toString()).build()))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "cannot use tls-cert (TLS_CERT) and tls-key (TLS_KEY): cannot read "
                                + missing
                                + ": no such file");
    }

    /** The serial of the certificate a new connection is served. */
    private BigInteger servedSerial() {
        try (RawHttpConnection c = RawHttpConnection.openTls(server, trusting)) {
            return c.peerCertificate().getSerialNumber();
        }
    }

    /** Overwrites {@code target} in place, as an operator's {@code cp} does. */
    private static void replace(Path source, Path target) throws IOException {
        Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
    }

    private double metric(String series) {
        try (RawHttpConnection c = RawHttpConnection.openTls(server, trusting)) {
            return c.get("/metrics")
                    .body()
                    .lines()
                    .filter(l -> l.startsWith(series + " "))
                    .mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1)))
                    .sum();
        }
    }

    private List<String> warnings() {
        return messages(Level.WARN);
    }

    /** Messages logged at exactly {@code level}, or at WARN and above when it is WARN. */
    private List<String> messages(Level level) {
        synchronized (logs) {
            return logs.list.stream()
                    .filter(
                            e ->
                                    level == Level.WARN
                                            ? e.getLevel().isGreaterOrEqual(Level.WARN)
                                            : e.getLevel() == level)
                    .map(ILoggingEvent::getFormattedMessage)
                    .toList();
        }
    }
}
