package dev.redcast.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redcast.server.config.ServerConfig;
import dev.redcast.server.web.BuiltInPage;
import dev.redcast.server.web.Chromium;
import dev.redcast.testkit.TestPki;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Confined to the JUnit test thread. The built-in page in headless Chromium from a node that serves
 * HTTPS and WSS with a certificate of a test CA. Chromium is told to accept exactly that
 * certificate's key ({@code --ignore-certificate-errors-spki-list}), not every certificate.
 */
class TlsPageIT {
    private static final String TOKEN = "s3cret";
    private static final String CHANNEL = "tls:page";
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    @TempDir Path dir;
    private TestPki pki;
    private RedcastServer server;
    private Chromium chromium;
    private BuiltInPage ui;

    @BeforeEach
    void start() {
        pki = TestPki.create(dir);
        TestPki.Issued cert = pki.issue("page");
        server =
                RedcastServer.start(
                        ServerConfig.builder()
                                .host("127.0.0.1")
                                .port(0)
                                .authToken(TOKEN)
                                .apiKey(TestNodes.API_KEY)
                                .summaryIntervalSeconds(0)
                                .tlsCert(cert.certificate().toString())
                                .tlsKey(cert.key().toString())
                                .build());
        chromium =
                Chromium.start(
                        1200, 900, "--ignore-certificate-errors-spki-list=" + cert.spkiSha256());
        ui = BuiltInPage.open(chromium, "https://127.0.0.1:" + server.port() + "/");
    }

    @AfterEach
    void stop() throws Exception {
        Resources.closeAll(chromium, server);
    }

    @Test
    void pageOverHttps_connectsOverWss_andReceivesAMessage() throws Exception {
        assertThat(ui.script("return location.protocol;")).isEqualTo("https:");
        ui.connect(TOKEN, "wael");
        ui.await("state badge says connected", () -> "connected".equals(ui.state()));
        ui.subscribe(CHANNEL);
        ui.await(
                CHANNEL + " listed as subscribed",
                () -> "subscribed".equals(ui.subscriptionStatus(CHANNEL)));

        HttpResponse<String> published =
                HttpClient.newBuilder()
                        .sslContext(pki.clientContext())
                        .build()
                        .send(
                                HttpRequest.newBuilder(
                                                URI.create(
                                                        "https://127.0.0.1:"
                                                                + server.port()
                                                                + "/api/publish"))
                                        .timeout(Duration.ofSeconds(10))
                                        .header("Authorization", "Bearer " + TestNodes.API_KEY)
                                        .POST(
                                                HttpRequest.BodyPublishers.ofString(
                                                        "{\"channel\":\""
                                                                + CHANNEL
                                                                + "\",\"payload\":\"over wss\"}"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
        assertThat(published.statusCode()).isEqualTo(200);

        ui.await("the message in the log", () -> ui.logPayloads(CHANNEL).contains("over wss"));
        chromium.screenshot(SCREENSHOTS.resolve("tls-page.png"));
    }
}
