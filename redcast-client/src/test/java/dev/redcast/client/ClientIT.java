package dev.redcast.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.redcast.protocol.CloseCodes;
import dev.redcast.server.RedcastServer;
import dev.redcast.server.config.HistoryRule;
import dev.redcast.server.config.ServerConfig;
import dev.redcast.testkit.BackendPublish;
import dev.redcast.testkit.ReadyProbe;
import dev.redcast.testkit.RedisServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The client library against a real redcast server backed by a real redis-server. */
class ClientIT {
    private static final String TOKEN = "s3cret";
    private static final String API_KEY = "adm1n-key";
    private static RedisServer redis;

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final List<RecordingListener> recorders = new ArrayList<>();
    private RedcastServer server;

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @AfterEach
    void tearDown() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
        if (server != null) {
            server.close();
        }
        for (RecordingListener r : recorders) {
            r.assertExhausted();
        }
    }

    private static ServerConfig.Builder serverConfig() {
        return ServerConfig.builder()
                .host("127.0.0.1")
                .port(0)
                .authToken(TOKEN)
                .redisUrl(redis.uri())
                .summaryIntervalSeconds(0)
                .redisProbeIntervalSeconds(1);
    }

    /**
     * Starts a node and waits until {@code /ready} says its Redis pub/sub connection works: a
     * subscribe confirmed before that may not be flowing yet.
     */
    private static RedcastServer startReady(ServerConfig.Builder config) {
        RedcastServer s = RedcastServer.start(config.build());
        ReadyProbe.waitFor(s.port());
        return s;
    }

    private RecordingListener recorder() {
        RecordingListener r = new RecordingListener();
        recorders.add(r);
        return r;
    }

    private RedcastClient client(int port, String user, RecordingListener states) {
        RedcastClient c =
                RedcastClient.builder()
                        .url("ws://127.0.0.1:" + port + "/ws")
                        .token(TOKEN)
                        .user(user)
                        .reconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(500))
                        .connectTimeout(Duration.ofSeconds(5))
                        .connectionListener(states)
                        .build();
        resources.add(c);
        return c;
    }

    @Test
    void connectAndSubscribe_thenARedisPublishArrives_onTheCallbackThread() throws Exception {
        server = startReady(serverConfig());
        RecordingListener rec = recorder();
        RedcastClient client = client(server.port(), "wael", rec);

        Welcome welcome = client.connect().join();
        assertThat(welcome.user()).isEqualTo("wael");
        assertThat(welcome.pingInterval()).isEqualTo(Duration.ofSeconds(25));
        assertThat(client.state()).isInstanceOf(ConnectionState.Connected.class);

        Subscribed subscribed = client.subscribe("news", rec).join();
        assertThat(subscribed.channel()).isEqualTo("news");
        redis.publish("news", "{\"tx_hash\":\"0x1\"}");

        Message m = rec.next();
        assertThat(m.channel()).isEqualTo("news");
        assertThat(m.payload()).isEqualTo("{\"tx_hash\":\"0x1\"}");
        assertThat(m.timestamp()).isNotNull();
        assertThat(m.from()).isNull();
        assertThat(rec.callbackThread().getName()).contains("callbacks");
    }

    @Test
    void patternSubscription_andBinaryPayloads() throws Exception {
        server = startReady(serverConfig());
        RecordingListener rec = recorder();
        RedcastClient client = client(server.port(), "wael", rec);
        client.connect().join();
        client.psubscribe("prices.*", rec).join();

        redis.publish("prices.btc", new byte[] {(byte) 0xff, 0x00, 0x41});
        Message m = rec.next();
        assertThat(m.channel()).isEqualTo("prices.btc");
        assertThat(m.pattern()).isEqualTo("prices.*");
        assertThat(m.isBinary()).isTrue();
        assertThat(m.bytes()).containsExactly(0xff, 0x00, 0x41);
    }

    @Test
    void publishBetweenTwoClients_carriesTheSender() throws Exception {
        server = startReady(serverConfig());
        RecordingListener aliceRec = recorder();
        RedcastClient alice = client(server.port(), "alice", aliceRec);
        RedcastClient bob = client(server.port(), "bob", recorder());
        alice.connect().join();
        bob.connect().join();
        alice.subscribe("general", aliceRec).join();

        PublishResult result = bob.publish("general", "hello alice").join();
        assertThat(result.stored()).isFalse(); // this server keeps no history yet

        Message m = aliceRec.next();
        assertThat(m.payload()).isEqualTo("hello alice");
        assertThat(m.from()).isEqualTo("bob");
        assertThat(bob.ping().join()).isPositive();

        alice.unsubscribe("general").join();
        bob.publish("general", "not for alice").join();
        // A later message on another channel proves the unsubscribed one was not delivered.
        alice.subscribe("other", aliceRec).join();
        bob.publish("other", "marker").join();
        assertThat(aliceRec.next().payload()).isEqualTo("marker");
    }

    @Test
    void publish_textWithALoneSurrogate_arrivesAsTheSameString() throws Exception {
        server = startReady(serverConfig());
        RecordingListener rec = recorder();
        RedcastClient alice = client(server.port(), "alice", rec);
        RedcastClient bob = client(server.port(), "bob", recorder());
        alice.connect().join();
        bob.connect().join();
        alice.subscribe("general", rec).join();

        bob.publish("general", "a\ud800b \ud83d\ude00").join();

        Message m = rec.next();
        assertThat(m.isBinary()).isFalse();
        // Code points, so a failure prints readably.
        assertThat(m.payload().codePoints().toArray())
                .containsExactly("a\ud800b \ud83d\ude00".codePoints().toArray());
    }

    @Test
    void serverError_failsTheRequestWithItsCode_andTheConnectionStays() {
        server = startReady(serverConfig().clientPublish(false));
        RedcastClient client = client(server.port(), "wael", recorder());
        client.connect().join();
        assertThatThrownBy(() -> client.publish("general", "x").join())
                .isInstanceOf(CompletionException.class)
                .cause()
                .isInstanceOfSatisfying(
                        RedcastException.class, e -> assertThat(e.code()).isEqualTo("forbidden"));
        assertThat(client.ping().join()).isPositive();
        assertThat(client.channels().join()).isNotNull();
    }

    @Test
    void wrongToken_failsConnectWithUnauthorized_andTheClientCloses() throws Exception {
        server = startReady(serverConfig());
        RecordingListener rec = recorder();
        RedcastClient client =
                RedcastClient.builder()
                        .url("ws://127.0.0.1:" + server.port() + "/ws")
                        .token("wrong")
                        .connectionListener(rec)
                        .build();
        resources.add(client);
        assertThatThrownBy(() -> client.connect().join())
                .cause()
                .isInstanceOfSatisfying(
                        RedcastException.class,
                        e -> {
                            assertThat(e.code()).isEqualTo("unauthorized");
                            assertThat(e.httpStatus()).isEqualTo(401);
                        });
        rec.awaitState(ConnectionState.Closed.class);
    }

    @Test
    void nothingListening_failsConnectWithAClearMessage() {
        int port;
        try (RedcastServer s = RedcastServer.start(serverConfig().build())) {
            port = s.port();
        }
        RedcastClient client = client(port, "wael", recorder());
        assertThatThrownBy(() -> client.connect().join())
                .cause()
                .isInstanceOf(RedcastException.class)
                .hasMessageContaining("cannot connect to ws://127.0.0.1:" + port + "/ws");
    }

    @Test
    void serverRestartedOnTheSamePort_clientReconnectsResubscribesAndReceivesAgain()
            throws Exception {
        server = startReady(serverConfig());
        int port = server.port();
        RecordingListener rec = recorder();
        RedcastClient client = client(port, "wael", rec);
        client.connect().join();
        rec.awaitState(ConnectionState.Connected.class);
        client.subscribe("ticks", rec).join();
        redis.publish("ticks", "before");
        assertThat(rec.next().payload()).isEqualTo("before");

        server.close();
        ConnectionState.Reconnecting lost = rec.awaitState(ConnectionState.Reconnecting.class);
        assertThat(lost.closeCode()).isEqualTo(1001); // the server's "going away"
        server = startReady(serverConfig().port(port));
        rec.awaitState(ConnectionState.Connected.class);

        // The resubscribe races the first publishes; publish numbered messages until one arrives.
        AtomicInteger sent = new AtomicInteger();
        List<Message> received = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50))
                .until(
                        () -> {
                            redis.publish("ticks", "after-" + sent.incrementAndGet());
                            received.addAll(rec.drain());
                            return !received.isEmpty();
                        });
        int lastSent = sent.incrementAndGet();
        redis.publish("ticks", "after-" + lastSent);
        await().atMost(Duration.ofSeconds(10))
                .until(
                        () -> {
                            received.addAll(rec.drain());
                            return received.get(received.size() - 1)
                                    .payload()
                                    .equals("after-" + lastSent);
                        });
        // Everything that arrived after the restart is in order and unique, ending with the last.
        List<Integer> numbers =
                received.stream().map(m -> Integer.parseInt(m.payload().substring(6))).toList();
        assertThat(numbers).doesNotHaveDuplicates().isSorted().endsWith(sent.get());
    }

    /** Publishes like a backend, through the Redis function that also stores the history. */
    private static void backendPublish(String channel, String payload) {
        BackendPublish.publish(redis, channel, channel, payload, 10000, 3600, null);
    }

    @Test
    void serverRestartedMidStream_theClientRecoversEveryMessage_withoutGapOrDuplicate()
            throws Exception {
        server = startReady(serverConfig().history(HistoryRule.parseList("ticks=10000/1h")));
        int port = server.port();
        RecordingListener rec = recorder();
        RedcastClient client = client(port, "wael", rec);
        client.connect().join();
        Subscribed subscribed = client.subscribe("ticks", rec).join();
        assertThat(subscribed.offset()).as("the channel keeps history").isNotNull();

        // A backend publishes one message every 5 ms through the restart.
        int total = 400;
        AtomicInteger published = new AtomicInteger();
        ScheduledExecutorService backend = Executors.newSingleThreadScheduledExecutor();
        resources.add(backend::shutdownNow);
        backend.scheduleAtFixedRate(
                () -> {
                    if (published.get() < total) {
                        backendPublish("ticks", Integer.toString(published.incrementAndGet()));
                    }
                },
                0,
                5,
                TimeUnit.MILLISECONDS);
        List<Message> received = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> {
                            received.addAll(rec.drain());
                            return received.size() >= 50;
                        });

        server.close();
        rec.awaitState(ConnectionState.Reconnecting.class);
        int publishedWhileDown = published.get();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> published.get() >= publishedWhileDown + 50);
        server =
                startReady(
                        serverConfig().port(port).history(HistoryRule.parseList("ticks=10000/1h")));
        rec.awaitState(ConnectionState.Connected.class);

        await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> {
                            received.addAll(rec.drain());
                            return received.size() >= total;
                        });
        List<Integer> payloads = received.stream().map(m -> Integer.parseInt(m.payload())).toList();
        List<Integer> expected = java.util.stream.IntStream.rangeClosed(1, total).boxed().toList();
        assertThat(payloads).as("every message once, in order").isEqualTo(expected);
        List<Long> offsets = received.stream().map(Message::offset).toList();
        for (int i = 1; i < offsets.size(); i++) {
            assertThat(offsets.get(i)).isEqualTo(offsets.get(i - 1) + 1);
        }
        List<String> events = rec.drainEvents();
        assertThat(events).hasSize(1);
        assertThat(events.get(0)).startsWith("recovered ticks ");
        assertThat(Integer.parseInt(events.get(0).substring("recovered ticks ".length())))
                .as("messages replayed after the restart")
                .isGreaterThanOrEqualTo(50);
    }

    @Test
    void close_endsTheConnectionWith1000_andLaterCallsFailAsClosed() throws Exception {
        server = startReady(serverConfig());
        RecordingListener rec = recorder();
        RedcastClient client = client(server.port(), "wael", rec);
        client.connect().join();
        client.close();
        ConnectionState.Closed closed = rec.awaitState(ConnectionState.Closed.class);
        assertThat(closed.closeCode()).isEqualTo(1000);
        assertThatThrownBy(() -> client.publish("c", "x").join())
                .cause()
                .isInstanceOfSatisfying(
                        RedcastException.class,
                        e -> assertThat(e.code()).isEqualTo(RedcastException.CODE_CLOSED));
        client.close();
    }

    @Test
    void adminAsksForAReconnect_theClientReconnects_andAnAdminDisconnectEndsIt() throws Exception {
        server = startReady(serverConfig().apiKey(API_KEY));
        RecordingListener rec = recorder();
        RedcastClient client = client(server.port(), "wael", rec);
        client.connect().join();
        rec.awaitState(ConnectionState.Connected.class);

        assertThat(adminDisconnect("{\"user\":\"wael\",\"reconnect\":true}")).isEqualTo(200);
        ConnectionState.Reconnecting reconnecting =
                rec.awaitState(ConnectionState.Reconnecting.class);
        assertThat(reconnecting.closeCode()).isEqualTo(CloseCodes.FORCED_RECONNECT);
        rec.awaitState(ConnectionState.Connected.class);

        assertThat(adminDisconnect("{\"user\":\"wael\"}")).isEqualTo(200);
        ConnectionState.Closed closed = rec.awaitState(ConnectionState.Closed.class);
        assertThat(closed.closeCode()).isEqualTo(CloseCodes.DISCONNECTED_BY_ADMIN);
    }

    /** {@code POST /api/disconnect} with {@code body}; the HTTP status. */
    private int adminDisconnect(String body) throws Exception {
        HttpRequest request =
                HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + server.port() + "/api/disconnect"))
                        .header("Authorization", "Bearer " + API_KEY)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build();
        return HttpClient.newHttpClient()
                .send(request, HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
