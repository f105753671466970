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
import java.util.ArrayList;
import java.util.List;

/** Thread-safe. Tiny HTTP helper for integration tests. */
public final class Http {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** A response: status and the body parsed as JSON (null when empty). */
    public record Response(int status, JsonNode json) {}

    private Http() {}

    public static HttpResponse<String> get(RedcastServer node, String path) {
        return send(HttpRequest.newBuilder(uri(node, path)).GET().build());
    }

    public static HttpResponse<String> send(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static URI uri(RedcastServer node, String path) {
        return URI.create("http://127.0.0.1:" + node.port() + path);
    }

    /** A JSON call with an optional {@code Authorization: Bearer apiKey} and body. */
    public static Response call(int port, String method, String path, String apiKey, String body) {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(10))
                        .method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(body));
        if (apiKey != null) {
            b.header("Authorization", "Bearer " + apiKey);
        }
        HttpResponse<String> r = send(b.build());
        try {
            return new Response(r.statusCode(), r.body().isEmpty() ? null : json(r.body()));
        } catch (UncheckedIOException e) {
            throw new UncheckedIOException(
                    method + " " + path + ": " + e.getMessage(), e.getCause());
        }
    }

    /** GET returning the JSON body; fails unless the status is 200. */
    public static JsonNode get(int port, String path) {
        Response r = call(port, "GET", path, null, null);
        if (r.status() != 200) {
            throw new AssertionError("GET " + path + " -> " + r.status() + " " + r.json());
        }
        return r.json();
    }

    /** {@code body} parsed as JSON. */
    public static JsonNode json(String body) {
        try {
            return MAPPER.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + body, e);
        }
    }

    /** The strings of a JSON array. */
    public static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
