package dev.redcast.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Thread-safe. Calls a node's HTTP API in integration tests. */
public final class HttpTestClient {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A response: its status and JSON body. */
    public record Response(int status, JsonNode body) {}

    private HttpTestClient() {}

    public static Response post(RedcastServer node, String path, String apiKey, String json) {
        return send(
                request(node, path, apiKey)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build());
    }

    /** {@code POST /api/publish} of {@code payload} on {@code channel}. */
    public static Response publish(
            RedcastServer node, String apiKey, String channel, String payload) {
        String json =
                MAPPER.createObjectNode()
                        .put("channel", channel)
                        .put("payload", payload)
                        .toString();
        return post(node, "/api/publish", apiKey, json);
    }

    public static Response get(RedcastServer node, String path, String apiKey) {
        return send(request(node, path, apiKey).GET().build());
    }

    private static HttpRequest.Builder request(RedcastServer node, String path, String apiKey) {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + path))
                        .timeout(Duration.ofSeconds(10));
        if (apiKey != null) {
            b.header("Authorization", "Bearer " + apiKey);
        }
        return b;
    }

    private static Response send(HttpRequest req) {
        try {
            HttpResponse<String> r = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), MAPPER.readTree(r.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
