package dev.redcast.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Thread-safe (stateless). Waits for a redcast node's {@code /ready}: a subscribe confirmed before
 * the node's Redis pub/sub connection works may not be flowing yet.
 */
public final class ReadyProbe {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private ReadyProbe() {}

    /**
     * Polls {@code http://127.0.0.1:port/ready} until it answers 200.
     *
     * @throws AssertionError when it does not within 10 seconds
     */
    public static void waitFor(int port) {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest ready =
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ready"))
                        .timeout(TIMEOUT)
                        .build();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        String last = "no answer";
        try {
            while (System.nanoTime() < deadline) {
                try {
                    int status =
                            http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode();
                    if (status == 200) {
                        return;
                    }
                    last = "HTTP " + status;
                } catch (IOException e) {
                    last = e.toString();
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for /ready", e);
        }
        throw new AssertionError(
                "port " + port + " /ready not 200 within " + TIMEOUT + ": " + last);
    }
}
