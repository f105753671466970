package dev.redcast.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.redcast.server.RedcastServer;
import dev.redcast.server.config.ServerConfig;
import dev.redcast.testkit.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client over {@code wss://} against a node serving TLS with a certificate of a test CA: with
 * that CA as {@code trustedCertificates}, and with the JVM's trust store, which does not know it.
 */
class TlsClientIT {
    private static final String TOKEN = "s3cret";

    @TempDir static Path dir;
    private static TestPki pki;
    private static TestPki.Issued cert;

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final List<RecordingListener> recorders = new ArrayList<>();
    private RedcastServer server;

    @BeforeAll
    static void issue() {
        pki = TestPki.create(dir);
        cert = pki.issue("server");
    }

    @BeforeEach
    void start() {
        server =
                RedcastServer.start(
                        ServerConfig.builder()
                                .host("127.0.0.1")
                                .port(0)
                                .authToken(TOKEN)
                                .summaryIntervalSeconds(0)
                                .tlsCert(cert.certificate().toString())
                                .tlsKey(cert.key().toString())
                                .build());
        resources.add(server);
    }

    @AfterEach
    void tearDown() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
        for (RecordingListener r : recorders) {
            r.assertExhausted();
        }
    }

    private RedcastClient.Builder client(RecordingListener rec) {
        recorders.add(rec);
        return RedcastClient.builder()
                .url("wss://127.0.0.1:" + server.port() + "/ws")
                .token(TOKEN)
                .user("wael")
                .connectTimeout(Duration.ofSeconds(5))
                .connectionListener(rec);
    }

    @Test
    void wssTrustingTheCa_connectsSubscribesAndReceives() throws Exception {
        RecordingListener rec = new RecordingListener();
        RedcastClient c = client(rec).trustedCertificates(pki.caCertificate()).build();
        resources.add(c);

        assertThat(c.connect().join().user()).isEqualTo("wael");
        rec.awaitState(ConnectionState.Connected.class);
        c.subscribe("tls:chat", rec).join();
        c.publish("tls:chat", "hello over wss").join();

        Message m = rec.next();
        assertThat(m.channel()).isEqualTo("tls:chat");
        assertThat(m.payload()).isEqualTo("hello over wss");
        assertThat(m.from()).isEqualTo("wael");
    }

    @Test
    void wssWithTheJvmTrustStore_refusesTheUnknownCa() throws Exception {
        RecordingListener rec = new RecordingListener();
        RedcastClient c = client(rec).reconnect(false).build();
        resources.add(c);

        assertThatThrownBy(() -> c.connect().join())
                .cause()
                .isInstanceOfSatisfying(
                        RedcastException.class,
                        e -> assertThat(e.code()).isEqualTo(RedcastException.CODE_CONNECT_FAILED))
                .hasMessageContaining("certification path");
        rec.awaitState(ConnectionState.Closed.class);
    }

    @Test
    void trustedCertificatesThatAreNoCertificates_failBuildNamingTheFile() throws Exception {
        Path bogus = Files.writeString(dir.resolve("bogus.pem"), "no certificate here\n");

        assertThatThrownBy(() -> client(new RecordingListener()).trustedCertificates(bogus).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(
                        "trustedCertificates " + bogus + ": no usable PEM certificates");
    }

    @Test
    void trustedCertificatesWithAPlainUrl_isRefused() {
        assertThatThrownBy(
                        () ->
                                RedcastClient.builder()
                                        .url("ws://127.0.0.1:1/ws")
                                        .trustedCertificates(pki.caCertificate())
                                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("trustedCertificates is for a wss:// url, got 'ws://127.0.0.1:1/ws'");
    }
}
