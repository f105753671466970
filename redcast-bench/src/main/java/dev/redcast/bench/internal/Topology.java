package dev.redcast.bench.internal;

import dev.redcast.bench.spec.Scenario;

/**
 * Thread-safe (immutable). Who listens where and who publishes what: the arithmetic shared by the
 * connections, the publisher and the loss accounting.
 *
 * <p>Publishes go round-robin over the channels (message {@code seq} goes to channel {@code seq %
 * channelCount}) so that the expected number of deliveries of every message follows from its
 * sequence number alone, without a table per message.
 */
public record Topology(
        Scenario scenario, int connections, int channels, int roomSize, String prefix) {

    public Topology {
        if (connections <= 0) {
            throw new IllegalArgumentException("connections must be > 0, got " + connections);
        }
        if (scenario == Scenario.CHANNELS && (channels <= 0 || channels > connections)) {
            throw new IllegalArgumentException(
                    "channels must be in 1.." + connections + ", got " + channels);
        }
        if (scenario == Scenario.CHAT && (roomSize <= 0 || connections % roomSize != 0)) {
            throw new IllegalArgumentException(
                    "room size must divide connections (" + connections + "), got " + roomSize);
        }
    }

    /** Number of distinct channels in use (0 for idle). */
    public int channelCount() {
        return switch (scenario) {
            case FANOUT -> 1;
            case CHANNELS -> channels;
            case CHAT -> connections / roomSize;
            case IDLE -> 0;
        };
    }

    /** The wire name of channel {@code index}. */
    public String channelName(int index) {
        return switch (scenario) {
            case FANOUT -> prefix;
            case CHANNELS -> prefix + ":" + index;
            case CHAT -> prefix + ":room:" + index;
            case IDLE -> throw new IllegalStateException("the idle scenario has no channels");
        };
    }

    /**
     * The channel connection {@code connection} subscribes to, or -1 when it subscribes to none.
     */
    public int channelOfConnection(int connection) {
        return switch (scenario) {
            case FANOUT -> 0;
            case CHANNELS -> connection % channels;
            case CHAT -> connection / roomSize;
            case IDLE -> -1;
        };
    }

    /** How many connections subscribe to channel {@code index}. */
    public int subscribersOf(int index) {
        return switch (scenario) {
            case FANOUT -> connections;
            case CHANNELS -> connections / channels + (index < connections % channels ? 1 : 0);
            case CHAT -> roomSize;
            case IDLE -> 0;
        };
    }

    /** The channel message {@code seq} is published to. */
    public int channelOfMessage(long seq) {
        return (int) (seq % channelCount());
    }

    /**
     * The connection that publishes message {@code seq} when publishing through the server: in a
     * chat, the room's members take turns; otherwise the connections take turns.
     */
    public int publisherOf(long seq) {
        if (scenario == Scenario.CHAT) {
            int rooms = channelCount();
            int room = (int) (seq % rooms);
            int member = (int) ((seq / rooms) % roomSize);
            return room * roomSize + member;
        }
        return (int) (seq % connections);
    }

    /** Deliveries owed for message {@code seq}: every subscriber of its channel gets it once. */
    public int deliveriesOwed(long seq) {
        return subscribersOf(channelOfMessage(seq));
    }

    /** Deliveries owed for messages {@code 0..count-1}. */
    public long deliveriesOwedFirst(long count) {
        int k = channelCount();
        if (k == 0) {
            return 0;
        }
        long total = 0;
        long fullRounds = count / k;
        long rest = count % k;
        for (int c = 0; c < k; c++) {
            long messages = fullRounds + (c < rest ? 1 : 0);
            total += messages * subscribersOf(c);
        }
        return total;
    }
}
