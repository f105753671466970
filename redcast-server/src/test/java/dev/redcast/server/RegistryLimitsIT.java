package dev.redcast.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redcast.testkit.RedisServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A large channel registry against a real Redis: the registry refuses entries past its cap. */
class RegistryLimitsIT {
    private static final String KEY = "k3y";
    private static final String HASH = "redcast:channels";

    private static RedisServer redis;
    private RedcastServer node;

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @BeforeEach
    void startNode() {
        redis.command("DEL", HASH);
        node =
                RedcastServer.start(
                        TestNodes.config(redis.uri())
                                .apiKey(KEY)
                                .defaultChannels(List.of("general"))
                                .build());
    }

    @AfterEach
    void stopNode() {
        node.close();
    }

    /** Registers {@code ch00000} ... directly in Redis, a thousand fields per command. */
    private static List<String> register(int n) {
        List<String> names = new ArrayList<>();
        for (int from = 0; from < n; from += 1000) {
            List<String> args = new ArrayList<>(List.of("HSET", HASH));
            for (int i = from; i < Math.min(n, from + 1000); i++) {
                String name = String.format("ch%05d", i);
                names.add(name);
                args.add(name);
                args.add("channel number " + i);
            }
            redis.command(args.toArray(String[]::new));
        }
        return names;
    }

    @Test
    void aFullRegistry_refusesANewName_with409LimitExceeded_untilOneIsDeleted() {
        register(10_000);
        Http.Response refused = post("{\"name\":\"one-more\",\"description\":\"\"}");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("error").asText()).isEqualTo("limit_exceeded");
        assertThat(refused.json().get("message").asText())
                .isEqualTo(
                        "the channel registry is full: it holds at most 10000 channels; delete"
                                + " one before registering another");
        assertThat(post("{\"name\":\"ch00001\"}").json().get("error").asText())
                .isEqualTo("conflict");
        assertThat(redis.command("HLEN", HASH)).isEqualTo(10_000L);

        assertThat(Http.call(node.port(), "DELETE", "/channels/ch00001", KEY, null).status())
                .isEqualTo(204);
        assertThat(metric("redcast_registry_channels")).isEqualTo("9999.0");
        assertThat(post("{\"name\":\"one-more\"}").status()).isEqualTo(201);
        assertThat(metric("redcast_registry_channels")).isEqualTo("10000.0");
        assertThat(post("{\"name\":\"two-more\"}").status()).isEqualTo(409);
    }

    private Http.Response post(String body) {
        return Http.call(node.port(), "POST", "/channels", KEY, body);
    }

    private String metric(String name) {
        String text = Http.get(node, "/metrics").body();
        return text.lines()
                .filter(l -> l.startsWith(name + " "))
                .map(l -> l.substring(name.length() + 1))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " in " + text));
    }
}
