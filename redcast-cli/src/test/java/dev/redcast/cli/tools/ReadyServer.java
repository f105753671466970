package dev.redcast.cli.tools;

import static org.awaitility.Awaitility.await;

import dev.redcast.server.RedcastServer;
import dev.redcast.server.config.ServerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Thread-safe (stateless). Starting redcast nodes for the CLI's integration tests. */
public final class ReadyServer {
    /** The shared token the test nodes accept. */
    public static final String TOKEN = "s3cret";

    private ReadyServer() {}

    /**
     * Starts a node on {@code port} (0: a free one) backed by {@code redisUrl} and waits until
     * {@code /ready} says its Redis pub/sub connection works: a subscribe confirmed before that may
     * not be flowing yet.
     */
    public static RedcastServer start(String redisUrl, int port) {
        RedcastServer s =
                RedcastServer.start(
                        ServerConfig.builder()
                                .host("127.0.0.1")
                                .port(port)
                                .authToken(TOKEN)
                                .redisUrl(redisUrl)
                                .summaryIntervalSeconds(0)
                                .build());
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest ready =
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + "/ready"))
                        .build();
        await().atMost(Duration.ofSeconds(10))
                .until(
                        () ->
                                http.send(ready, HttpResponse.BodyHandlers.discarding())
                                                .statusCode()
                                        == 200);
        return s;
    }
}
