package dev.redcast.server.broker.redis;

import dev.redcast.server.broker.HistoryPage;
import dev.redcast.server.broker.IdempotencyKey;
import dev.redcast.server.broker.PublishResult;
import dev.redcast.server.config.HistoryRule;
import dev.redcast.server.config.HistoryRules;
import dev.redcast.server.protocol.ChannelMessage;
import dev.redcast.server.protocol.Command.StreamPosition;
import dev.redcast.server.protocol.JsonBytes;
import io.lettuce.core.ScriptOutputType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Thread-safe (immutable). Channel history on Redis Streams through the {@link RedisLibrary}:
 * publishing bumps the offset, appends to the capped stream and publishes in one atomic function
 * call, so offsets are gap-free and every node sees them in order. Publishes go on the command
 * connection; reads, whose pages can be large, on the bulk one.
 */
final class RedisHistory {
    private final RedisLibrary library;
    private final HistoryRules rules;

    RedisHistory(RedisLibrary library, HistoryRules rules) {
        this.library = library;
        this.rules = rules;
    }

    HistoryRule rule(String channel) {
        return rules.find(channel);
    }

    /**
     * Publishes with history; with {@code key}, at most once within the idempotency window (a retry
     * answers the first publish's offset and epoch).
     */
    CompletableFuture<PublishResult> publish(
            RedisLane commands,
            HistoryRule rule,
            String channel,
            byte[] payload,
            String from,
            IdempotencyKey key,
            String what) {
        List<byte[]> args = new ArrayList<>(7);
        args.add(library.redisChannel(channel));
        args.add(payload);
        args.add(bytes(Integer.toString(rule.maxLength())));
        args.add(bytes(Long.toString(rule.maxAgeSeconds())));
        boolean wtf8 = JsonBytes.hasLoneSurrogates(payload);
        if (from != null || wtf8 || key != null) {
            args.add(bytes(from == null ? "" : from));
        }
        if (wtf8 || key != null) {
            args.add(bytes(wtf8 ? "1" : ""));
        }
        byte[][] keys;
        if (key == null) {
            keys = new byte[][] {library.streamKey(channel), library.metaKey(channel)};
        } else {
            keys =
                    new byte[][] {
                        library.streamKey(channel),
                        library.metaKey(channel),
                        library.idempotencyKey(channel, key)
                    };
            args.add(library.windowArg());
        }
        return library.<List<Object>>fcall(
                        commands,
                        what,
                        true,
                        RedisLibrary.PUBLISH,
                        ScriptOutputType.MULTI,
                        keys,
                        args.toArray(byte[][]::new))
                .thenApply(
                        reply -> {
                            PublishResult r =
                                    new PublishResult(
                                            (Long) reply.get(0),
                                            Envelope.utf8((byte[]) reply.get(1)));
                            return reply.size() > 2 ? r.asReplay() : r;
                        });
    }

    /** Messages after {@code after}, oldest first. */
    CompletableFuture<HistoryPage> readAfter(
            RedisLane bulk, HistoryRule rule, String channel, long after, int limit) {
        return read(bulk, rule, channel, "after", after, limit);
    }

    /** The newest {@code limit} messages before {@code before}, oldest first, within the age. */
    CompletableFuture<HistoryPage> readLast(
            RedisLane bulk, HistoryRule rule, String channel, int limit, Long before) {
        long from = before == null ? 0 : Math.max(1, before);
        long cutoff = System.currentTimeMillis() - rule.maxAge().toMillis();
        return read(bulk, rule, channel, "before", from, limit)
                .thenApply(
                        page -> {
                            List<ChannelMessage> out = new ArrayList<>(page.messages());
                            Collections.reverse(out);
                            out.removeIf(m -> m.timestampMillis() < cutoff);
                            return new HistoryPage(out, page.position());
                        });
    }

    private CompletableFuture<HistoryPage> read(
            RedisLane bulk, HistoryRule rule, String channel, String mode, long from, int limit) {
        byte[][] keys = {library.streamKey(channel), library.metaKey(channel)};
        byte[][] argv = {
            bytes(mode),
            bytes(Long.toString(from)),
            bytes(Integer.toString(Math.max(1, limit))),
            bytes(Long.toString(rule.maxAgeSeconds()))
        };
        long now = System.currentTimeMillis();
        return library.<List<Object>>fcall(
                        bulk,
                        "the history of channel '" + channel + "' is unavailable",
                        false,
                        RedisLibrary.READ,
                        ScriptOutputType.MULTI,
                        keys,
                        argv)
                .thenApply(
                        reply -> {
                            StreamPosition position =
                                    new StreamPosition(
                                            (Long) reply.get(0),
                                            Envelope.utf8((byte[]) reply.get(1)));
                            List<ChannelMessage> messages = new ArrayList<>();
                            int end = limit == 0 ? 2 : reply.size();
                            for (int i = 2; i < end; i++) {
                                messages.add(
                                        Envelope.unwrap(channel, null, (byte[]) reply.get(i), now));
                            }
                            return new HistoryPage(messages, position);
                        });
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
