package dev.redcast.server.broker.redis;

import dev.redcast.server.broker.BrokerUnavailableException;
import dev.redcast.server.broker.HistoryPage;
import dev.redcast.server.broker.PublishResult;
import dev.redcast.server.config.HistoryRule;
import dev.redcast.server.config.HistoryRules;
import dev.redcast.server.protocol.ChannelMessage;
import dev.redcast.server.protocol.Command.StreamPosition;
import dev.redcast.server.protocol.JsonBytes;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thread-safe (immutable). Channel history on Redis Streams through the {@code redcast} function
 * library ({@code redcast.lua} next to this class's resources): publishing bumps the offset,
 * appends to the capped stream and publishes in one atomic function call, so offsets are gap-free
 * and every node sees them in order.
 *
 * <p>Keys: {@code <prefix>redcast:{<channel>}:stream} and {@code <prefix>redcast:{<channel>}:meta};
 * the hash tag keeps one channel in one Redis Cluster slot. When a call answers that the function
 * does not exist (Redis restarted, {@code FUNCTION FLUSH}) the library is loaded again and the call
 * retried once.
 */
final class RedisHistory {
    private static final Logger log = LoggerFactory.getLogger(RedisHistory.class);

    static final String LIBRARY = readLibrary();
    static final String PUBLISH = "redcast_publish";
    static final String READ = "redcast_read";

    /** The largest offset a channel reaches: 2^53 - 1, as {@code MAX_OFFSET} in redcast.lua. */
    static final long MAX_OFFSET = (1L << 53) - 1;

    /** How redcast.lua's refusal at {@link #MAX_OFFSET} starts. */
    private static final String OFFSET_LIMIT_ERROR = "redcast: offset limit";

    private final String prefix;
    private final HistoryRules rules;

    RedisHistory(String prefix, HistoryRules rules) {
        this.prefix = prefix;
        this.rules = rules;
    }

    HistoryRule rule(String channel) {
        return rules.find(channel);
    }

    /** The stream key of {@code channel}. */
    static String streamKey(String prefix, String channel) {
        return prefix + "redcast:{" + channel + "}:stream";
    }

    /** The meta key (last offset, epoch) of {@code channel}. */
    static String metaKey(String prefix, String channel) {
        return prefix + "redcast:{" + channel + "}:meta";
    }

    CompletableFuture<Void> load(RedisAsyncCommands<byte[], byte[]> c) {
        return c.functionLoad(LIBRARY, true).toCompletableFuture().thenApply(name -> null);
    }

    CompletableFuture<PublishResult> publish(
            RedisAsyncCommands<byte[], byte[]> c,
            HistoryRule rule,
            String channel,
            byte[] payload,
            String from) {
        byte[][] keys = keys(channel);
        List<byte[]> args = new ArrayList<>(5);
        args.add(bytes(prefix + channel));
        args.add(payload);
        args.add(bytes(Integer.toString(rule.maxLength())));
        args.add(bytes(Long.toString(rule.maxAgeSeconds())));
        boolean wtf8 = JsonBytes.hasLoneSurrogates(payload);
        if (from != null || wtf8) {
            args.add(bytes(from == null ? "" : from));
        }
        if (wtf8) {
            args.add(bytes("1"));
        }
        byte[][] argv = args.toArray(byte[][]::new);
        return withReload(
                        c,
                        channel,
                        () ->
                                c.<List<Object>>fcall(PUBLISH, ScriptOutputType.MULTI, keys, argv)
                                        .toCompletableFuture())
                .thenApply(
                        reply ->
                                new PublishResult(
                                        (Long) reply.get(0), Envelope.utf8((byte[]) reply.get(1))));
    }

    /** Messages after {@code after}, oldest first. */
    CompletableFuture<HistoryPage> readAfter(
            RedisAsyncCommands<byte[], byte[]> c,
            HistoryRule rule,
            String channel,
            long after,
            int limit) {
        return read(c, rule, channel, "after", after, limit);
    }

    /** The newest {@code limit} messages before {@code before}, oldest first, within the age. */
    CompletableFuture<HistoryPage> readLast(
            RedisAsyncCommands<byte[], byte[]> c,
            HistoryRule rule,
            String channel,
            int limit,
            Long before) {
        long from = before == null ? 0 : Math.max(1, before);
        long cutoff = System.currentTimeMillis() - rule.maxAge().toMillis();
        return read(c, rule, channel, "before", from, limit)
                .thenApply(
                        page -> {
                            List<ChannelMessage> out = new ArrayList<>(page.messages());
                            Collections.reverse(out);
                            out.removeIf(m -> m.timestampMillis() < cutoff);
                            return new HistoryPage(out, page.position());
                        });
    }

    private CompletableFuture<HistoryPage> read(
            RedisAsyncCommands<byte[], byte[]> c,
            HistoryRule rule,
            String channel,
            String mode,
            long from,
            int limit) {
        byte[][] keys = keys(channel);
        byte[][] argv = {
            bytes(mode),
            bytes(Long.toString(from)),
            bytes(Integer.toString(Math.max(1, limit))),
            bytes(Long.toString(rule.maxAgeSeconds()))
        };
        long now = System.currentTimeMillis();
        return withReload(
                        c,
                        channel,
                        () ->
                                c.<List<Object>>fcall(READ, ScriptOutputType.MULTI, keys, argv)
                                        .toCompletableFuture())
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

    private byte[][] keys(String channel) {
        return new byte[][] {bytes(streamKey(prefix, channel)), bytes(metaKey(prefix, channel))};
    }

    /**
     * Runs {@code call} for {@code channel}; when Redis no longer knows the function, loads it and
     * runs it again. A failure becomes a {@link BrokerUnavailableException} in redcast's own words:
     * Redis's error text (script names, line numbers, key names) goes to the log, never to clients.
     */
    private <T> CompletableFuture<T> withReload(
            RedisAsyncCommands<byte[], byte[]> c,
            String channel,
            Supplier<CompletableFuture<T>> call) {
        return call.get()
                .handle(
                        (v, err) -> {
                            if (err == null) {
                                return CompletableFuture.completedFuture(v);
                            }
                            if (!message(err).contains("Function not found")) {
                                return CompletableFuture.<T>failedFuture(err);
                            }
                            log.info("redcast function library missing in redis; loading it again");
                            return load(c).thenCompose(x -> call.get());
                        })
                .thenCompose(f -> f)
                .handle(
                        (v, err) -> {
                            if (err != null) {
                                throw failure(channel, err);
                            }
                            return v;
                        });
    }

    private static BrokerUnavailableException failure(String channel, Throwable err) {
        String detail = message(err);
        if (detail.contains(OFFSET_LIMIT_ERROR)) {
            log.warn("channel '{}' refuses publishes: {}", channel, detail);
            return new BrokerUnavailableException(
                    "channel '"
                            + channel
                            + "' has reached the largest history offset, "
                            + MAX_OFFSET
                            + "; it takes no more messages until its history is reset");
        }
        if (rootCause(err) instanceof RedisCommandExecutionException) {
            // Redis answered with an error: a bug or a damaged key, worth an operator's look.
            log.warn("redis history call for channel '{}' failed: {}", channel, detail);
        } else {
            // Down or slow: the broker reports outages itself, once.
            log.debug("redis history call for channel '{}' failed: {}", channel, detail);
        }
        return new BrokerUnavailableException(
                "the history of channel '" + channel + "' is unavailable");
    }

    private static String message(Throwable err) {
        return String.valueOf(rootCause(err).getMessage());
    }

    private static Throwable rootCause(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String readLibrary() {
        try (InputStream in =
                RedisHistory.class.getResourceAsStream("/dev/redcast/server/redis/redcast.lua")) {
            if (in == null) {
                throw new IllegalStateException("redcast.lua missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
