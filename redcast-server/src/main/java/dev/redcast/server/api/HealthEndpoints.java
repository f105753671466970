package dev.redcast.server.api;

import dev.redcast.server.broker.Broker;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Thread-safe (stateless). {@code /health} (the process answers) and {@code /ready} (the broker
 * works; when it does not, {@code reason} says why in redcast's words, e.g. "redis refuses writes
 * (maxmemory reached)").
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
                    String reason = broker.notReadyReason();
                    Map<String, String> body = new LinkedHashMap<>();
                    body.put("status", reason == null ? "ready" : "not_ready");
                    body.put("broker", broker.describe());
                    body.put("node", nodeId);
                    if (reason != null) {
                        body.put("reason", reason);
                    }
                    return CompletableFuture.completedFuture(
                            HttpResult.json(reason == null ? 200 : 503, body));
                });
    }
}
