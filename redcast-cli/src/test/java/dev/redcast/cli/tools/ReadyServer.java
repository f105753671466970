package dev.redcast.cli.tools;

import dev.redcast.server.RedcastServer;
import dev.redcast.server.config.HistoryRule;
import dev.redcast.server.config.ServerConfig;
import dev.redcast.testkit.BackendPublish;
import dev.redcast.testkit.ReadyProbe;
import dev.redcast.testkit.RedisServer;

/** Thread-safe (stateless). Starting redcast nodes for the CLI's integration tests. */
public final class ReadyServer {
    /** The shared token the test nodes accept. */
    public static final String TOKEN = "s3cret";

    /** The API key of the test nodes, for {@code publish --http}. */
    public static final String API_KEY = "adm1n-key";

    private ReadyServer() {}

    /**
     * Publishes like a backend, through the Redis function that also stores the history.
     *
     * @param from the sender to show, or null
     */
    public static void backendPublish(
            RedisServer redis, String channel, String payload, String from) {
        BackendPublish.publish(redis, channel, channel, payload, 1000, 3600, from);
    }

    /**
     * Starts a node on {@code port} (0: a free one) backed by {@code redisUrl} and waits until
     * {@code /ready} says its Redis pub/sub connection works: a subscribe confirmed before that may
     * not be flowing yet.
     */
    public static RedcastServer start(String redisUrl, int port) {
        return start(redisUrl, port, "");
    }

    /**
     * As {@link #start(String, int)}, with history rules such as {@code "general=1000/1h"} (the API
     * key is {@link #API_KEY}).
     */
    public static RedcastServer start(String redisUrl, int port, String historyRules) {
        return start(config(redisUrl).port(port).history(HistoryRule.parseList(historyRules)));
    }

    /** The settings of a test node on a free port with the test token, for adding to. */
    public static ServerConfig.Builder config(String redisUrl) {
        return ServerConfig.builder()
                .host("127.0.0.1")
                .port(0)
                .authToken(TOKEN)
                .apiKey(API_KEY)
                .redisUrl(redisUrl)
                .summaryIntervalSeconds(0);
    }

    /** Starts a node and waits until {@code /ready} says its Redis pub/sub connection works. */
    public static RedcastServer start(ServerConfig.Builder config) {
        RedcastServer s = RedcastServer.start(config.build());
        ReadyProbe.waitFor(s.port());
        return s;
    }
}
