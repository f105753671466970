package dev.redcast.cli.chat;

import dev.redcast.client.ChannelInfo;
import dev.redcast.client.HistoryPage;
import dev.redcast.client.MessageListener;
import dev.redcast.client.Presence;
import dev.redcast.client.PublishResult;
import dev.redcast.client.RedcastClient;
import dev.redcast.client.Subscribed;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Thread-safe. The part of the client library the chat uses; a seam so the controller can be tested
 * without a server. Futures complete on the chat's UI thread.
 */
public interface ChatBackend {
    CompletableFuture<Subscribed> subscribe(String channel, MessageListener listener);

    CompletableFuture<Void> unsubscribe(String channel);

    CompletableFuture<PublishResult> publish(String channel, String text);

    CompletableFuture<HistoryPage> history(String channel, int limit);

    CompletableFuture<Presence> presence(String channel);

    CompletableFuture<List<ChannelInfo>> channels();

    /** The backend over a client whose callback executor is the chat's UI thread. */
    static ChatBackend of(RedcastClient client) {
        return new ChatBackend() {
            @Override
            public CompletableFuture<Subscribed> subscribe(
                    String channel, MessageListener listener) {
                return client.subscribe(channel, listener);
            }

            @Override
            public CompletableFuture<Void> unsubscribe(String channel) {
                return client.unsubscribe(channel);
            }

            @Override
            public CompletableFuture<PublishResult> publish(String channel, String text) {
                return client.publish(channel, text);
            }

            @Override
            public CompletableFuture<HistoryPage> history(String channel, int limit) {
                return client.history(channel, limit);
            }

            @Override
            public CompletableFuture<Presence> presence(String channel) {
                return client.presence(channel);
            }

            @Override
            public CompletableFuture<List<ChannelInfo>> channels() {
                return client.channels();
            }
        };
    }
}
