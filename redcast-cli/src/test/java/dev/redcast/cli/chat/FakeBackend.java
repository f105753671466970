package dev.redcast.cli.chat;

import dev.redcast.client.ChannelInfo;
import dev.redcast.client.HistoryPage;
import dev.redcast.client.MessageListener;
import dev.redcast.client.Presence;
import dev.redcast.client.PublishResult;
import dev.redcast.client.Subscribed;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Confined to the test thread, which plays the chat's UI thread. Records every call as text and
 * hands back futures the test completes; {@link #calls} must be drained by the test.
 */
final class FakeBackend implements ChatBackend {
    final ArrayDeque<String> calls = new ArrayDeque<>();
    final Map<String, MessageListener> listeners = new HashMap<>();
    final Map<String, CompletableFuture<Subscribed>> subscribes = new HashMap<>();
    final Map<String, CompletableFuture<HistoryPage>> histories = new HashMap<>();
    final ArrayDeque<CompletableFuture<PublishResult>> publishes = new ArrayDeque<>();
    CompletableFuture<Presence> presence;
    CompletableFuture<List<ChannelInfo>> channels;

    @Override
    public CompletableFuture<Subscribed> subscribe(String channel, MessageListener listener) {
        calls.add("subscribe " + channel);
        listeners.put(channel, listener);
        CompletableFuture<Subscribed> f = new CompletableFuture<>();
        subscribes.put(channel, f);
        return f;
    }

    @Override
    public CompletableFuture<Void> unsubscribe(String channel) {
        calls.add("unsubscribe " + channel);
        listeners.remove(channel);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<PublishResult> publish(String channel, String text) {
        calls.add("publish " + channel + " " + text);
        CompletableFuture<PublishResult> f = new CompletableFuture<>();
        publishes.add(f);
        return f;
    }

    @Override
    public CompletableFuture<HistoryPage> history(String channel, int limit) {
        calls.add("history " + channel + " " + limit);
        CompletableFuture<HistoryPage> f = new CompletableFuture<>();
        histories.put(channel, f);
        return f;
    }

    @Override
    public CompletableFuture<Presence> presence(String channel) {
        calls.add("presence " + channel);
        presence = new CompletableFuture<>();
        return presence;
    }

    @Override
    public CompletableFuture<List<ChannelInfo>> channels() {
        calls.add("channels");
        channels = new CompletableFuture<>();
        return channels;
    }
}
