package dev.redcast.testkit;

import java.util.ArrayList;
import java.util.List;

/**
 * Thread-safe (stateless). Publishing as a backend does, through redcast's Redis function ({@code
 * FCALL redcast_publish}, docs/history.md): the message is stored in the channel's history and
 * published to subscribers, without any redcast node in between. No channel prefix.
 */
public final class BackendPublish {

    private BackendPublish() {}

    /**
     * @param channel the channel whose history keeps the message
     * @param redisChannel where the message is published (the channel itself, except in tests that
     *     make a subscriber miss it)
     * @param from the sender to show, or null
     * @return the function's reply: the message's offset and the channel's epoch
     */
    @SuppressWarnings("unchecked")
    public static List<Object> publish(
            RedisServer redis,
            String channel,
            String redisChannel,
            String payload,
            long maxLength,
            long maxAgeSeconds,
            String from) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "FCALL",
                                "redcast_publish",
                                "2",
                                "redcast:{" + channel + "}:stream",
                                "redcast:{" + channel + "}:meta",
                                redisChannel,
                                payload,
                                Long.toString(maxLength),
                                Long.toString(maxAgeSeconds)));
        if (from != null) {
            args.add(from);
        }
        return (List<Object>) redis.command(args.toArray(String[]::new));
    }
}
