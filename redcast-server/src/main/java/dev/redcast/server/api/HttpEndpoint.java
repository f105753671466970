package dev.redcast.server.api;

import java.util.concurrent.CompletionStage;

/**
 * Thread-safe. One HTTP endpoint next to the socket. Called on the connection's event loop; it must
 * not block there (Redis calls return a stage).
 */
@FunctionalInterface
public interface HttpEndpoint {
    /**
     * @param pathTail what followed the route's prefix (empty for exact routes)
     */
    CompletionStage<HttpResult> handle(HttpRequestView request, String pathTail);
}
