package dev.redcast.server.api;

import dev.redcast.server.broker.Broker;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Thread-safe (stateless). {@code /health} (the process answers) and {@code /ready} (the broker
 * works).
 */
public final class HealthEndpoints {
    private HealthEndpoints() {}

    public static void register(Router router, Broker broker, String nodeId) {
        router.exact(
                "GET",
                "/health",
                (req, tail) ->
                        CompletableFuture.completedFuture(
                                HttpResult.json(200, Map.of("status", "ok", "node", nodeId))));
        router.exact(
                "GET",
                "/ready",
                (req, tail) -> {
                    boolean ready = broker.ready();
                    return CompletableFuture.completedFuture(
                            HttpResult.json(
                                    ready ? 200 : 503,
                                    Map.of(
                                            "status",
                                            ready ? "ready" : "not_ready",
                                            "broker",
                                            broker.describe(),
                                            "node",
                                            nodeId)));
                });
    }
}
