package dev.redcast.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Thread-safe. Tiny HTTP helper for integration tests. */
public final class Http {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

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
}
