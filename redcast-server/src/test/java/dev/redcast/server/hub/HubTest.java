package dev.redcast.server.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.redcast.protocol.CloseCodes;
import dev.redcast.protocol.ErrorCode;
import dev.redcast.server.auth.SharedTokenAuthenticator;
import dev.redcast.server.broker.Broker;
import dev.redcast.server.broker.BrokerListener;
import dev.redcast.server.broker.BrokerUnavailableException;
import dev.redcast.server.broker.HistoryPage;
import dev.redcast.server.broker.IdempotencyKey;
import dev.redcast.server.broker.PublishResult;
import dev.redcast.server.broker.TopicKey;
import dev.redcast.server.broker.memory.MemoryBroker;
import dev.redcast.server.cluster.AdminCommand;
import dev.redcast.server.cluster.Cluster;
import dev.redcast.server.cluster.memory.MemoryNodeRegistry;
import dev.redcast.server.config.ServerConfig;
import dev.redcast.server.config.Setting;
import dev.redcast.server.metrics.ServerMetrics;
import dev.redcast.server.presence.ForwardingPresenceStore;
import dev.redcast.server.presence.PresenceStore;
import dev.redcast.server.presence.memory.MemoryPresenceStore;
import dev.redcast.server.protocol.Command;
import dev.redcast.server.protocol.ProtocolException;
import dev.redcast.server.registry.memory.MemoryChannelRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Confined to the test thread. The hub and its commands on {@link EmbeddedChannel}s with the
 * in-memory broker: welcome, subscribe, fan-out encoded once, one flush per drain, pending
 * subscriptions, unsubscribe, slow consumers, the command budget and administrators' commands.
 */
class HubTest {
    /**
     * The memory broker, except that subscribing to a gated key waits for the test, and publishes
     * fail with {@link #publishFailure} while it is set.
     */
    static final class GatedBroker implements Broker {
        final MemoryBroker memory = new MemoryBroker();
        final Map<TopicKey, CompletableFuture<Void>> gates = new ConcurrentHashMap<>();
        final List<TopicKey> unsubscribed = new ArrayList<>();
        volatile RuntimeException publishFailure;

        @Override
        public void start(BrokerListener listener) {
            memory.start(listener);
        }

        @Override
        public CompletableFuture<Void> subscribe(TopicKey key) {
            memory.subscribe(key);
            CompletableFuture<Void> gate = gates.get(key);
            return gate != null ? gate : CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> control(String channel, BrokerListener listener) {
            return memory.control(channel, listener);
        }

        @Override
        public void unsubscribe(TopicKey key) {
            unsubscribed.add(key);
            memory.unsubscribe(key);
        }

        @Override
        public CompletableFuture<PublishResult> publish(
                String channel, byte[] payload, String from, IdempotencyKey key) {
            RuntimeException failure = publishFailure;
            return failure != null
                    ? CompletableFuture.failedFuture(failure)
                    : memory.publish(channel, payload, from, key);
        }

        @Override
        public CompletableFuture<HistoryPage> readAfter(String channel, long after, int limit) {
            return memory.readAfter(channel, after, limit);
        }

        @Override
        public CompletableFuture<HistoryPage> readLast(String channel, int limit, Long before) {
            return memory.readLast(channel, limit, before);
        }

        @Override
        public boolean ready() {
            return true;
        }

        @Override
        public String describe() {
            return "gated memory broker";
        }

        @Override
        public void close() {
            memory.close();
        }
    }

    private final List<HubTestClient> clients = new ArrayList<>();
    private final ServerMetrics metrics = new ServerMetrics();
    private GatedBroker broker;
    private Hub hub;
    private Commands commands;
    private AdminControl admin;

    private void start(ServerConfig.Builder config) {
        start(config, new MemoryPresenceStore("n-test"));
    }

    private void start(ServerConfig.Builder config, PresenceStore presence) {
        broker = new GatedBroker();
        Gateway gateway =
                Gateway.wire(
                        config.authToken("t").nodeId("n-test").build(),
                        Cluster.of(broker, new MemoryNodeRegistry(), "n-test", metrics),
                        presence,
                        new MemoryChannelRegistry(),
                        metrics,
                        "9.9.9",
                        new SharedTokenAuthenticator("t"));
        hub = gateway.hub();
        gateway.start();
        commands = gateway.commands();
        admin = gateway.admin();
    }

    private void start() {
        start(ServerConfig.builder().defaultChannels(List.of("general", "mempool:tx")));
    }

    private HubTestClient connect(String user) {
        HubTestClient c = new HubTestClient(hub, user, "c" + clients.size());
        clients.add(c);
        return c;
    }

    /** A connected client whose welcome has been read. */
    private HubTestClient welcomed(String user) {
        HubTestClient c = connect(user);
        c.next("welcome");
        return c;
    }

    /** A welcomed client whose subscription to {@code channel} has been confirmed. */
    private HubTestClient subscribedTo(String channel, String user) {
        HubTestClient c = welcomed(user);
        subscribe(c, channel, 1);
        c.next("subscribed");
        return c;
    }

    private void subscribe(HubTestClient c, String channel, long id) {
        commands.handle(c.session(), new Command.Subscribe(id, channel, false, null, 0, false));
        c.run();
    }

    private void publish(String channel, String payload) {
        broker.publish(channel, payload.getBytes(StandardCharsets.UTF_8), "wael").join();
    }

    /**
     * Asserts that two outbound frames are views of one encoded buffer: a byte changed through one
     * shows through the other. (Identity of {@code unwrap()} would break under leak detection,
     * which wraps every buffer.)
     */
    private static void assertSameMemory(ByteBuf a, ByteBuf b) {
        assertThat(a.readableBytes()).isEqualTo(b.readableBytes());
        int last = a.writerIndex() - 1;
        byte original = a.getByte(last);
        try {
            a.setByte(last, original ^ 0x55);
            assertThat(b.getByte(b.writerIndex() - 1))
                    .as("one encoded buffer behind both")
                    .isEqualTo((byte) (original ^ 0x55));
        } finally {
            a.setByte(last, original);
        }
    }

    @AfterEach
    void tearDown() {
        for (HubTestClient c : clients) {
            c.assertExhausted();
            c.channel.finishAndReleaseAll();
        }
        metrics.close();
    }

    @Test
    void open_welcomeIsFirstFrame_andListsDefaultChannels() {
        start();
        HubTestClient c = connect("wael");
        JsonNode w = c.next("welcome");
        assertThat(w.get("client").asText()).isEqualTo("c0");
        assertThat(w.get("user").asText()).isEqualTo("wael");
        assertThat(w.get("node").asText()).isEqualTo("n-test");
        assertThat(w.get("version").asText()).isEqualTo("9.9.9");
        assertThat(w.get("ping_interval").asInt()).isEqualTo(Setting.PING_INTERVAL.defaultValue());
        assertThat(w.get("subscriptions"))
                .extracting(JsonNode::asText)
                .containsExactly("general", "mempool:tx");
        assertThat(metrics.connections()).isEqualTo(1);
    }

    @Test
    void open_defaultChannel_deliversAfterWelcome() {
        start();
        HubTestClient c = welcomed("wael");
        publish("general", "hello");
        JsonNode m = c.next("message");
        assertThat(m.get("channel").asText()).isEqualTo("general");
        assertThat(m.get("payload").asText()).isEqualTo("hello");
        assertThat(m.get("from").asText()).isEqualTo("wael");
    }

    @Test
    void open_withoutV1_getsNoWelcome_butMessages() {
        start();
        EmbeddedChannel ch = new EmbeddedChannel();
        HubTestClient.Opener legacy = new HubTestClient.Opener(hub, "old", "x", false);
        ch.pipeline().addLast(legacy);
        ch.runPendingTasks();
        assertThat(ch.<Object>readOutbound()).isNull();
        publish("general", "hi");
        assertNextMessage(ch, "hi");
        ch.finishAndReleaseAll();
    }

    /** The next frame on {@code ch} is a message frame carrying {@code payload}. */
    private static void assertNextMessage(EmbeddedChannel ch, String payload) {
        ch.runPendingTasks();
        ByteBuf frame = ch.readOutbound();
        try {
            assertThat(new String(HubTestClient.body(frame), StandardCharsets.UTF_8))
                    .contains("\"payload\":\"" + payload + "\"");
        } finally {
            frame.release();
        }
    }

    /** Runs an admin command here, letting every client's loop do its part. */
    private int admin(AdminCommand command) {
        CompletableFuture<Integer> done = admin.run(command);
        clients.forEach(HubTestClient::run);
        return done.join();
    }

    @Test
    void adminSubscribe_goesThroughTheSubscribePath_forTheUsersConnectionsOnly() {
        start();
        HubTestClient wael = welcomed("wael");
        HubTestClient mazen = welcomed("mazen");

        assertThat(admin(new AdminCommand.Subscribe("wael", "news"))).isEqualTo(1);
        JsonNode subscribed = wael.next("subscribed");
        assertThat(subscribed.get("channel").asText()).isEqualTo("news");
        assertThat(subscribed.has("id")).isFalse();
        assertThat(hub.localChannels()).containsEntry("news", 1);
        publish("news", "hi");
        assertThat(wael.next("message").get("payload").asText()).isEqualTo("hi");

        assertThat(admin(new AdminCommand.Subscribe("wael", "news")))
                .as("already subscribed")
                .isZero();
        assertThat(admin(new AdminCommand.Unsubscribe("wael", "news"))).isEqualTo(1);
        assertThat(wael.next("unsubscribed").has("id")).isFalse();
        assertThat(hub.localChannels()).doesNotContainKey("news");
        assertThat(admin(new AdminCommand.Unsubscribe("wael", "news"))).isZero();
        mazen.assertExhausted();
    }

    @Test
    void adminSubscribe_tellsListenOnlyClientsNothing_butDeliversToThem() {
        start();
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.pipeline().addLast(new HubTestClient.Opener(hub, "old", "x", false));
        ch.runPendingTasks();
        CompletableFuture<Integer> done = admin.run(new AdminCommand.Subscribe("old", "news"));
        ch.runPendingTasks();
        assertThat(done.join()).isEqualTo(1);
        ch.runPendingTasks();
        assertThat(ch.<Object>readOutbound()).isNull();
        publish("news", "hi");
        assertNextMessage(ch, "hi");
        ch.finishAndReleaseAll();
    }

    @Test
    void adminDisconnect_closesTheUsersConnections_orOneClient_withTheAskedCode() {
        start();
        HubTestClient first = welcomed("wael");
        HubTestClient second = welcomed("wael");
        HubTestClient mazen = welcomed("mazen");

        assertThat(
                        admin(
                                new AdminCommand.Disconnect(
                                        null, first.session().id(), CloseCodes.FORCED_RECONNECT)))
                .isEqualTo(1);
        assertThat(first.nextClose()).isEqualTo(CloseCodes.FORCED_RECONNECT);
        assertThat(admin(new AdminCommand.Disconnect("wael", null, 4503))).isEqualTo(1);
        assertThat(second.nextClose()).isEqualTo(CloseCodes.DISCONNECTED_BY_ADMIN);
        mazen.assertExhausted();
        assertThat(mazen.session().closing()).isFalse();
    }

    @Test
    void subscribe_repliesSubscribed_andCreatesOneTopic() {
        start();
        HubTestClient c = welcomed("wael");
        assertThat(hub.topicCount()).isEqualTo(2);
        subscribe(c, "news", 1);
        JsonNode r = c.next("subscribed");
        assertThat(r.get("id").asLong()).isEqualTo(1);
        assertThat(r.get("channel").asText()).isEqualTo("news");
        assertThat(r.has("pattern")).isFalse();
        assertThat(hub.topicCount()).isEqualTo(3);
        assertThat(hub.localChannels()).containsEntry("news", 1).containsEntry("general", 1);
    }

    @Test
    void publish_reachesBothSessions_fromOneEncodedBuffer() {
        start();
        HubTestClient a = subscribedTo("news", "a");
        HubTestClient b = subscribedTo("news", "b");

        publish("news", "{\"k\":\"v\"}");
        ByteBuf fa = (ByteBuf) a.nextRaw();
        ByteBuf fb = (ByteBuf) b.nextRaw();
        try {
            assertThat(fa).isNotSameAs(fb);
            assertSameMemory(fa, fb);
            // The shared buffer is held by exactly the two outbound duplicates now.
            assertThat(root(fa)).isSameAs(root(fb));
            assertThat(root(fa).refCnt()).isEqualTo(2);
            assertThat(HubTestClient.body(fa)).isEqualTo(HubTestClient.body(fb));
            assertThat(new String(HubTestClient.body(fa), StandardCharsets.UTF_8))
                    .contains("\"payload\":\"{\\\"k\\\":\\\"v\\\"}\"");
        } finally {
            ByteBuf shared = root(fa);
            fa.release();
            assertThat(shared.refCnt()).isEqualTo(1);
            fb.release();
            assertThat(shared.refCnt()).as("no leak once both are written").isZero();
        }
    }

    @Test
    void publish_twoSessionsOnOneLoop_getOneDeliveryOfOneBuffer() {
        start();
        EmbeddedChannel ch = new EmbeddedChannel();
        HubTestClient.Opener first = new HubTestClient.Opener(hub, "a", "a");
        HubTestClient.Opener second = new HubTestClient.Opener(hub, "b", "b");
        HubTestClient.FlushCounter flushes = new HubTestClient.FlushCounter();
        ch.pipeline().addLast(flushes, first, second);
        ch.runPendingTasks();
        List<Object> welcomes = new ArrayList<>();
        for (Object o; (o = ch.readOutbound()) != null; ) {
            welcomes.add(o);
            ReferenceCountUtil.release(o);
        }
        assertThat(welcomes).hasSize(2);
        assertThat(first.session.shard()).isSameAs(second.session.shard());

        int before = flushes.flushes;
        publish("general", "x");
        ch.runPendingTasks();
        ByteBuf f1 = ch.readOutbound();
        ByteBuf f2 = ch.readOutbound();
        try {
            assertSameMemory(f1, f2);
            assertThat(root(f1).refCnt()).isEqualTo(2);
            assertThat(flushes.flushes - before).as("one flush per session").isEqualTo(2);
            assertThat(ch.<Object>readOutbound()).isNull();
        } finally {
            f1.release();
            f2.release();
        }
        ch.finishAndReleaseAll();
    }

    @Test
    void drain_batchOfMessages_flushesEachSessionOnce_inOrder() {
        start();
        HubTestClient a = welcomed("a");
        HubTestClient b = welcomed("b");
        int flushesA = a.flushes.flushes;
        int flushesB = b.flushes.flushes;
        for (int i = 0; i < 20; i++) {
            publish("general", "m" + i);
        }
        a.run();
        b.run();
        assertThat(a.flushes.flushes - flushesA).isEqualTo(1);
        assertThat(b.flushes.flushes - flushesB).isEqualTo(1);
        for (int i = 0; i < 20; i++) {
            assertThat(a.next("message").get("payload").asText()).isEqualTo("m" + i);
            assertThat(b.next("message").get("payload").asText()).isEqualTo("m" + i);
        }
    }

    @Test
    void drain_backlogInterleavingChannels_keepsEachConnectionsOrder() {
        start();
        HubTestClient a = subscribedTo("news", "a");
        HubTestClient b = welcomed("b");
        int flushesB = b.flushes.flushes;
        List<String> sent = List.of("g0", "g1", "n0", "g2", "g3", "g4");
        for (String p : sent) {
            publish(p.startsWith("g") ? "general" : "news", p);
        }
        a.run();
        b.run();
        for (String p : sent) {
            assertThat(a.next("message").get("payload").asText()).isEqualTo(p);
        }
        for (String p : sent) {
            if (p.startsWith("g")) {
                assertThat(b.next("message").get("payload").asText()).isEqualTo(p);
            }
        }
        assertThat(b.flushes.flushes - flushesB).isEqualTo(1);
        assertThat(a.channel.<Object>readOutbound()).isNull();
        assertThat(b.channel.<Object>readOutbound()).isNull();
    }

    @Test
    void drain_backlogLongerThanOneDrain_arrivesWhole_inOrder() {
        start();
        HubTestClient c = welcomed("wael");
        for (int i = 0; i < 600; i++) {
            publish("general", "m" + i);
        }
        c.run();
        for (int i = 0; i < 600; i++) {
            assertThat(c.next("message").get("payload").asText()).isEqualTo("m" + i);
        }
        assertThat(c.channel.<Object>readOutbound()).isNull();
    }

    @Test
    void pendingSubscription_holdsMessages_untilAfterSubscribedReply() {
        start();
        HubTestClient c = welcomed("wael");
        CompletableFuture<Void> gate = new CompletableFuture<>();
        broker.gates.put(TopicKey.channel("slow"), gate);
        subscribe(c, "slow", 5);
        for (int i = 0; i < 3; i++) {
            publish("slow", "early" + i);
        }
        c.run();
        assertThat(c.channel.<Object>readOutbound()).as("nothing before subscribed").isNull();

        gate.complete(null);
        c.run();
        assertThat(c.next("subscribed").get("id").asLong()).isEqualTo(5);
        for (int i = 0; i < 3; i++) {
            assertThat(c.next("message").get("payload").asText()).isEqualTo("early" + i);
        }
        publish("slow", "live");
        assertThat(c.next("message").get("payload").asText()).isEqualTo("live");
    }

    @Test
    void pendingSubscription_unsubscribedBeforeConfirmed_releasesHeldMessages() {
        start();
        HubTestClient c = welcomed("wael");
        CompletableFuture<Void> gate = new CompletableFuture<>();
        broker.gates.put(TopicKey.channel("slow"), gate);
        subscribe(c, "slow", 1);
        publish("slow", "held");
        c.run();
        commands.handle(c.session(), new Command.Unsubscribe(2L, "slow", false));
        assertThat(c.next("unsubscribed").get("id").asLong()).isEqualTo(2);
        gate.complete(null);
        c.run();
        assertThat(hub.topicCount()).isEqualTo(2);
    }

    @Test
    void unsubscribe_stopsDelivery_andDropsTheTopic() {
        start();
        HubTestClient c = welcomed("wael");
        subscribe(c, "news", 1);
        c.next("subscribed");
        assertThat(hub.topicCount()).isEqualTo(3);

        commands.handle(c.session(), new Command.Unsubscribe(2L, "news", false));
        JsonNode r = c.next("unsubscribed");
        assertThat(r.get("id").asLong()).isEqualTo(2);
        assertThat(r.get("channel").asText()).isEqualTo("news");
        assertThat(hub.topicCount()).isEqualTo(2);
        assertThat(broker.unsubscribed).containsExactly(TopicKey.channel("news"));

        publish("news", "gone");
        c.assertExhausted();
    }

    @Test
    void unsubscribe_lastOfTwo_dropsTopicOnlyThen() {
        start();
        HubTestClient a = subscribedTo("news", "a");
        HubTestClient b = subscribedTo("news", "b");
        commands.handle(a.session(), new Command.Unsubscribe(null, "news", false));
        a.next("unsubscribed");
        assertThat(broker.unsubscribed).isEmpty();
        publish("news", "for b");
        assertThat(b.next("message").get("payload").asText()).isEqualTo("for b");
        commands.handle(b.session(), new Command.Unsubscribe(null, "news", false));
        b.next("unsubscribed");
        assertThat(broker.unsubscribed).containsExactly(TopicKey.channel("news"));
    }

    @Test
    void subscribe_twice_isConfirmedTwice_butDeliversOnce() {
        start();
        HubTestClient c = welcomed("wael");
        subscribe(c, "news", 1);
        subscribe(c, "news", 2);
        assertThat(c.next("subscribed").get("id").asLong()).isEqualTo(1);
        assertThat(c.next("subscribed").get("id").asLong()).isEqualTo(2);
        publish("news", "once");
        c.next("message");
        assertThat(hub.localChannels()).containsEntry("news", 1);
    }

    @Test
    void subscribe_pattern_deliversWithPatternField() {
        start();
        HubTestClient c = welcomed("wael");
        commands.handle(c.session(), new Command.Subscribe(3L, "news:*", true, null, 0, false));
        JsonNode r = c.next("subscribed");
        assertThat(r.get("pattern").asBoolean()).isTrue();
        publish("news:eu", "p");
        publish("sport", "no");
        JsonNode m = c.next("message");
        assertThat(m.get("channel").asText()).isEqualTo("news:eu");
        assertThat(m.get("pattern").asText()).isEqualTo("news:*");
        assertThat(hub.localChannels()).doesNotContainKey("news:*");
    }

    @Test
    void subscribe_patternWithSince_isBadRequest() {
        start();
        HubTestClient c = welcomed("wael");
        ProtocolException e =
                catchThrowableOfType(
                        ProtocolException.class,
                        () ->
                                commands.handle(
                                        c.session(),
                                        new Command.Subscribe(
                                                4L,
                                                "a*",
                                                true,
                                                new Command.StreamPosition(1, "e"),
                                                0,
                                                false)));
        assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(e.id()).isEqualTo(4L);
    }

    @Test
    void subscribe_withSince_onChannelWithoutHistory_saysNotRecovered() {
        start();
        HubTestClient c = welcomed("wael");
        commands.handle(
                c.session(),
                new Command.Subscribe(
                        6L, "news", false, new Command.StreamPosition(1, "e"), 0, false));
        assertThat(c.next("subscribed").get("recovered").asBoolean()).isFalse();
    }

    @Test
    void subscribe_beyondMaxSubscriptions_isLimitExceeded() {
        start(ServerConfig.builder().maxSubscriptions(2));
        HubTestClient c = welcomed("wael");
        subscribe(c, "a", 1);
        subscribe(c, "b", 2);
        c.next("subscribed");
        c.next("subscribed");
        ProtocolException e =
                catchThrowableOfType(ProtocolException.class, () -> subscribe(c, "c", 3));
        assertThat(e.code()).isEqualTo(ErrorCode.LIMIT_EXCEEDED);
        assertThat(e.id()).isEqualTo(3L);
        assertThat(hub.topicCount()).isEqualTo(2);
    }

    @Test
    void publishCommand_repliesPublished_andDeliversWithFrom() {
        start();
        HubTestClient c = welcomed("mazen");
        subscribe(c, "chat", 1);
        c.next("subscribed");
        commands.handle(c.session(), new Command.Publish(7L, "chat", "hi \"all\""));
        JsonNode first = c.next();
        JsonNode second = c.next();
        JsonNode message = first.get("type").asText().equals("message") ? first : second;
        JsonNode reply = message == first ? second : first;
        assertThat(reply.get("type").asText()).isEqualTo("published");
        assertThat(reply.get("id").asLong()).isEqualTo(7);
        assertThat(reply.has("offset")).isFalse();
        assertThat(message.get("payload").asText()).isEqualTo("hi \"all\"");
        assertThat(message.get("from").asText()).isEqualTo("mazen");
    }

    @Test
    void publishCommand_withAnIdempotencyKey_retryIsAnsweredAsAReplay_andDeliveredOnce() {
        start();
        HubTestClient c = subscribedTo("chat", "mazen");
        commands.handle(c.session(), new Command.Publish(7L, "chat", "hi", "k-1"));
        c.run();
        List<JsonNode> first = List.of(c.next(), c.next());
        assertThat(first)
                .extracting(n -> n.get("type").asText())
                .containsExactlyInAnyOrder("published", "message");
        commands.handle(c.session(), new Command.Publish(8L, "chat", "hi", "k-1"));
        c.run();
        JsonNode retry = c.next("published");
        assertThat(retry.get("id").asLong()).isEqualTo(8);
        assertThat(retry.get("replayed").asBoolean()).isTrue();
        // Another user's key of the same text is theirs: published and delivered.
        HubTestClient other = welcomed("wael");
        commands.handle(other.session(), new Command.Publish(9L, "chat", "hey", "k-1"));
        other.run();
        assertThat(other.next("published").has("replayed")).isFalse();
        c.run();
        assertThat(c.next("message").get("payload").asText()).isEqualTo("hey");
    }

    @Test
    void publishCommand_whoseOutcomeIsUnknown_isAnsweredOutcomeUnknown() {
        start();
        HubTestClient c = welcomed("mazen");
        broker.publishFailure =
                BrokerUnavailableException.outcomeUnknown("publish on 'chat' failed: no answer");
        commands.handle(c.session(), new Command.Publish(7L, "chat", "hi", "k-1"));
        c.run();
        JsonNode error = c.next("error");
        assertThat(error.get("id").asLong()).isEqualTo(7);
        assertThat(error.get("code").asText()).isEqualTo("outcome_unknown");
        assertThat(error.get("message").asText()).isEqualTo("publish on 'chat' failed: no answer");
    }

    @Test
    void subscribeWithPersist_whenTheStoreCannotWrite_isRefused_andNotSubscribed() {
        start(
                ServerConfig.builder().claimedIdentityWrites(true),
                new ForwardingPresenceStore() {
                    @Override
                    public CompletableFuture<Boolean> remember(
                            String user, String channel, int limit) {
                        return CompletableFuture.failedFuture(
                                new BrokerUnavailableException(
                                        "remembered channels unavailable: redis refuses writes"));
                    }
                });
        HubTestClient c = welcomed("wael");
        commands.handle(c.session(), new Command.Subscribe(4L, "saved", false, null, 0, true));
        c.run();
        JsonNode error = c.next("error");
        assertThat(error.get("id").asLong()).isEqualTo(4);
        assertThat(error.get("code").asText()).isEqualTo("internal");
        assertThat(error.get("message").asText())
                .isEqualTo(
                        "channel 'saved' could not be remembered (remembered channels unavailable:"
                                + " redis refuses writes); not subscribed");
        assertThat(c.session().subscriptions()).isEmpty();
        assertThat(hub.topicCount()).isZero();
    }

    @Test
    void presenceJoinThatTheStoreCannotWrite_isCounted() {
        start(
                ServerConfig.builder(),
                new ForwardingPresenceStore() {
                    @Override
                    public CompletableFuture<Boolean> join(
                            String channel, String user, String clientId) {
                        return CompletableFuture.failedFuture(
                                new BrokerUnavailableException("presence not updated"));
                    }
                });
        double before = metrics.presenceWriteFailuresTotal();
        HubTestClient c = subscribedTo("room", "wael");
        assertThat(c.session().subscriptions()).hasSize(1);
        assertThat(metrics.presenceWriteFailuresTotal()).isEqualTo(before + 1);
    }

    @Test
    void publishCommand_whenClientPublishOff_isForbidden() {
        start(ServerConfig.builder().clientPublish(false));
        HubTestClient c = welcomed("wael");
        ProtocolException e =
                catchThrowableOfType(
                        ProtocolException.class,
                        () -> commands.handle(c.session(), new Command.Publish(8L, "x", "p")));
        assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(e.id()).isEqualTo(8L);
    }

    @Test
    void historyWithoutHistory_isEmpty_andPresenceListsTheSubscribedUsers() {
        start();
        HubTestClient c = welcomed("wael");
        commands.handle(c.session(), new Command.History(1L, "x", 5, null));
        c.channel.runPendingTasks();
        JsonNode h = c.next("history");
        assertThat(h.get("id").asLong()).isEqualTo(1L);
        assertThat(h.get("messages")).isEmpty();
        assertThat(h.has("offset")).isFalse();
        commands.handle(c.session(), new Command.Presence(2L, "x"));
        c.channel.runPendingTasks();
        JsonNode empty = c.next("presence");
        assertThat(empty.get("id").asLong()).isEqualTo(2L);
        assertThat(empty.get("users")).isEmpty();

        commands.handle(c.session(), new Command.Subscribe(3L, "x", false, null, 0, false));
        c.channel.runPendingTasks();
        c.next("subscribed");
        commands.handle(c.session(), new Command.Presence(4L, "x"));
        c.channel.runPendingTasks();
        JsonNode one = c.next("presence");
        assertThat(one.get("users").get(0).get("user").asText()).isEqualTo("wael");
        assertThat(one.get("users").get(0).get("connections").asInt()).isEqualTo(1);
    }

    @Test
    void channelsAndPing_reply() {
        start();
        HubTestClient c = welcomed("wael");
        commands.handle(c.session(), new Command.Ping(9L));
        assertThat(c.next("pong").get("id").asLong()).isEqualTo(9);
        commands.handle(c.session(), new Command.Channels(10L));
        JsonNode r = c.next("channels");
        assertThat(r.get("id").asLong()).isEqualTo(10);
        assertThat(r.get("channels").findValuesAsText("name"))
                .containsExactly("general", "mempool:tx");
        assertThat(r.get("channels").get(0).get("subscribers").asInt()).isEqualTo(1);
    }

    @Test
    void slowConsumer_isClosedWith4008_whileOthersKeepReceiving() {
        start();
        HubTestClient slow = welcomed("slow");
        HubTestClient fast = welcomed("fast");
        slow.channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(8, 16));
        // Queued but never flushed: the peer "does not read".
        slow.channel.write(Unpooled.wrappedBuffer(new byte[64]));
        assertThat(slow.channel.isWritable()).isFalse();

        publish("general", "one");
        slow.run();
        ByteBuf filler = (ByteBuf) slow.nextRaw();
        assertThat(filler.readableBytes()).isEqualTo(64);
        filler.release();
        assertThat(slow.nextClose()).isEqualTo(CloseCodes.SLOW_CONSUMER);
        assertThat(slow.channel.isOpen()).isFalse();
        assertThat(slow.session().closing()).isTrue();

        assertThat(fast.next("message").get("payload").asText()).isEqualTo("one");
        publish("general", "two");
        assertThat(fast.next("message").get("payload").asText()).isEqualTo("two");
        assertThat(hub.localChannels()).containsEntry("general", 1);
        assertThat(metrics.scrape()).contains("redcast_slow_consumers_total 1.0");
    }

    @Test
    void loopQueueFull_closesTheSubscribersOfWhatDidNotFit_with4008() {
        start();
        HubTestClient behind = welcomed("behind");
        for (int i = 0; i <= LoopShard.MAX_QUEUED; i++) {
            publish("general", "m");
        }
        assertThat(metrics.scrape())
                .contains("redcast_loop_overflows_total 1.0")
                .contains("redcast_loop_queued " + LoopShard.MAX_QUEUED + ".0");
        behind.run();
        assertThat(behind.nextClose()).isEqualTo(CloseCodes.SLOW_CONSUMER);
        assertThat(metrics.scrape()).contains("redcast_loop_queued 0.0");

        HubTestClient fresh = welcomed("fresh");
        publish("general", "after");
        fresh.run();
        assertThat(fresh.next("message").get("payload").asText()).isEqualTo("after");
    }

    @Test
    void backlogLargerThanTheOutboundBudget_toAReadingPeer_isDelivered_notClosedAsSlow() {
        start();
        HubTestClient c = welcomed("wael");
        c.channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(64, 256));
        for (int i = 0; i < 10; i++) {
            publish("general", "m" + i + "-" + "x".repeat(100));
        }
        c.run();
        for (int i = 0; i < 10; i++) {
            assertThat(c.next("message").get("payload").asText()).startsWith("m" + i + "-");
        }
        assertThat(c.channel.isOpen()).isTrue();
        assertThat(metrics.scrape()).contains("redcast_slow_consumers_total 0.0");
    }

    @Test
    void pendingSubscription_overflowingItsBuffer_isClosedWith4008() {
        start();
        HubTestClient c = welcomed("wael");
        CompletableFuture<Void> gate = new CompletableFuture<>();
        broker.gates.put(TopicKey.channel("flood"), gate);
        subscribe(c, "flood", 1);
        int budget = c.channel.config().getWriteBufferHighWaterMark();
        String kilobyte = "x".repeat(1024);
        for (int i = 0; i <= budget / 1024; i++) {
            publish("flood", kilobyte);
        }
        assertThat(c.nextClose()).isEqualTo(CloseCodes.SLOW_CONSUMER);
        gate.complete(null);
        assertThat(hub.topicCount()).as("the pinned default channels").isEqualTo(2);
        assertThat(metrics.scrape()).contains("redcast_slow_consumers_total 1.0");
    }

    @Test
    void close_dropsEverySubscription_andTheConnectionCount() {
        start();
        HubTestClient c = welcomed("wael");
        subscribe(c, "news", 1);
        c.next("subscribed");
        c.channel.close();
        c.run();
        assertThat(hub.topicCount()).as("the pinned default channels").isEqualTo(2);
        assertThat(metrics.subscriptions()).isZero();
        assertThat(metrics.connections()).isZero();
    }

    @Test
    void sessionClose_twice_sendsOneCloseFrame() {
        start();
        HubTestClient c = welcomed("wael");
        c.session().close(CloseCodes.GOING_AWAY, "drain");
        c.session().close(CloseCodes.GOING_AWAY, "drain");
        assertThat(c.nextClose()).isEqualTo(CloseCodes.GOING_AWAY);
        publish("general", "after close");
    }

    @Test
    void closeAll_closesEverySessionWithTheCode() {
        start();
        HubTestClient a = welcomed("a");
        HubTestClient b = welcomed("b");
        CompletableFuture<Void> done = hub.closeAll(CloseCodes.GOING_AWAY, "shutdown");
        a.run();
        b.run();
        assertThat(done).isCompleted();
        assertThat(a.nextClose()).isEqualTo(CloseCodes.GOING_AWAY);
        assertThat(b.nextClose()).isEqualTo(CloseCodes.GOING_AWAY);
        assertThat(hub.topicCount()).as("the pinned default channels").isEqualTo(2);
    }

    @Test
    void commandBudget_exceeded_isTooManyRequests() {
        start(ServerConfig.builder().commandRate(5));
        HubTestClient c = welcomed("wael");
        int accepted = 0;
        ProtocolException refused = null;
        long startNanos = System.nanoTime();
        for (long i = 0; i < 50 && refused == null; i++) {
            try {
                commands.handle(c.session(), new Command.Ping(i));
                accepted++;
            } catch (ProtocolException e) {
                refused = e;
            }
        }
        double elapsedSeconds = (System.nanoTime() - startNanos) / 1e9;
        assertThat(refused).as("refused within 50 commands").isNotNull();
        assertThat(refused.code()).isEqualTo(ErrorCode.TOO_MANY_REQUESTS);
        assertThat(refused.id()).isEqualTo((long) accepted);
        assertThat(refused.getMessage()).contains("5");
        // A burst of one second's worth, plus whatever refilled while the loop ran.
        assertThat(accepted).isBetween(5, 5 + (int) Math.ceil(elapsedSeconds * 5));
        for (int i = 0; i < accepted; i++) {
            c.next("pong");
        }
    }

    /** The buffer a duplicate (possibly wrapped by the leak detector) was made from. */
    private static ByteBuf root(ByteBuf b) {
        while (b.unwrap() != null) {
            b = b.unwrap();
        }
        return b;
    }
}
