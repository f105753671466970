package dev.redcast.server;

import dev.redcast.server.config.ServerConfig;
import dev.redcast.testkit.WsTestClient;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Thread-safe (stateless). Starting nodes and clients for integration tests. */
public final class TestNodes {
    public static final String TOKEN = "s3cret";

    /** The API key of the test nodes: never the token, which every client holds. */
    public static final String API_KEY = "adm1n-key";

    private TestNodes() {}

    /**
     * A builder for a node on a free loopback port with the test token and API key and no summary
     * lines.
     */
    public static ServerConfig.Builder config(String redisUrl) {
        return ServerConfig.builder()
                .host("127.0.0.1")
                .port(0)
                .authToken(TOKEN)
                .apiKey(API_KEY)
                .redisUrl(redisUrl)
                .summaryIntervalSeconds(0)
                .redisProbeIntervalSeconds(1);
    }

    public static URI wsUri(RedcastServer server, String user) {
        return URI.create(
                "ws://127.0.0.1:"
                        + server.port()
                        + "/ws?token="
                        + TOKEN
                        + (user == null
                                ? ""
                                : "&user=" + URLEncoder.encode(user, StandardCharsets.UTF_8)));
    }

    /** A connected client that has read its welcome frame. */
    public static WsTestClient connect(RedcastServer server, String user) {
        WsTestClient c = WsTestClient.builder(wsUri(server, user)).connect();
        c.expect("welcome");
        return c;
    }

    /**
     * Sends a client {@code publish} with command id {@code id} and idempotency key {@code key}.
     */
    public static void publish(
            WsTestClient c, long id, String channel, String payload, String key) {
        Map<String, Object> command = new LinkedHashMap<>();
        command.put("type", "publish");
        command.put("id", id);
        command.put("channel", channel);
        command.put("payload", payload);
        command.put("idempotency_key", key);
        c.sendJson(command);
    }

    /** Subscribes and waits for the confirmation. */
    public static void subscribe(WsTestClient c, String channel, boolean pattern) {
        c.sendJson("type", "subscribe", "channel", channel, "pattern", pattern);
        c.expect("subscribed");
    }
}
