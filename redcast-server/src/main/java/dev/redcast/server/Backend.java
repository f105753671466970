package dev.redcast.server;

import dev.redcast.server.broker.Broker;
import dev.redcast.server.broker.memory.MemoryBroker;
import dev.redcast.server.broker.redis.RedisBroker;
import dev.redcast.server.broker.redis.RedisLane;
import dev.redcast.server.cluster.NodeRegistry;
import dev.redcast.server.cluster.memory.MemoryNodeRegistry;
import dev.redcast.server.cluster.redis.RedisNodeRegistry;
import dev.redcast.server.config.ServerConfig;
import dev.redcast.server.metrics.ServerMetrics;
import dev.redcast.server.presence.PresenceStore;
import dev.redcast.server.presence.memory.MemoryPresenceStore;
import dev.redcast.server.presence.redis.RedisPresenceStore;
import dev.redcast.server.registry.ChannelRegistry;
import dev.redcast.server.registry.memory.MemoryChannelRegistry;
import dev.redcast.server.registry.redis.RedisChannelRegistry;
import java.util.function.Consumer;

/**
 * Thread-safe (immutable). The parts of a node that live in its broker variant, chosen once, here,
 * from the configuration: the broker itself, the presence store, the channel registry and the node
 * registry. The rest of the server only sees their interfaces.
 *
 * @param broker moves messages between nodes (and keeps history)
 * @param presence who is online and in which channels, and the remembered subscriptions
 * @param registry the registered channels and their descriptions
 * @param nodes the live nodes' records
 * @param meters registers the variant's own metrics (its bounds and failures)
 */
record Backend(
        Broker broker,
        PresenceStore presence,
        ChannelRegistry registry,
        NodeRegistry nodes,
        Consumer<ServerMetrics> meters) {

    /** The embedded single-node variant, or the Redis one when a Redis is configured. */
    static Backend of(ServerConfig config) {
        if (config.embeddedBroker()) {
            MemoryBroker memory =
                    new MemoryBroker(config.channels(), config.publish().idempotencyWindow());
            return new Backend(
                    memory,
                    new MemoryPresenceStore(config.nodeId()),
                    new MemoryChannelRegistry(),
                    new MemoryNodeRegistry(),
                    metrics -> {
                        metrics.idempotencyKeys(memory::idempotencyKeys);
                        metrics.idempotencyEvictions(memory::idempotencyEvictions);
                        metrics.idempotentReplays(memory::replays);
                    });
        }
        RedisBroker redis =
                new RedisBroker(
                        config.redis(),
                        config.nodeId(),
                        config.channels(),
                        config.publish().idempotencyWindow());
        String prefix = config.redis().channelPrefix();
        return new Backend(
                redis,
                new RedisPresenceStore(
                        redis.commands(),
                        redis.bulk(),
                        prefix,
                        config.nodeId(),
                        config.presence().refreshSeconds(),
                        config.presence().ttlSeconds()),
                new RedisChannelRegistry(redis.commands(), redis.bulk(), prefix),
                new RedisNodeRegistry(redis.commands(), redis.bulk(), prefix),
                metrics -> {
                    metrics.idempotentReplays(redis::replays);
                    for (RedisLane lane : new RedisLane[] {redis.commands(), redis.bulk()}) {
                        metrics.redisTimeouts(lane.name(), lane::timeouts);
                    }
                });
    }
}
