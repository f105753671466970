package dev.redcast.server;

import dev.redcast.server.broker.Broker;
import dev.redcast.server.broker.memory.MemoryBroker;
import dev.redcast.server.broker.redis.RedisBroker;
import dev.redcast.server.cluster.NodeRegistry;
import dev.redcast.server.cluster.memory.MemoryNodeRegistry;
import dev.redcast.server.cluster.redis.RedisNodeRegistry;
import dev.redcast.server.config.ServerConfig;
import dev.redcast.server.presence.PresenceStore;
import dev.redcast.server.presence.memory.MemoryPresenceStore;
import dev.redcast.server.presence.redis.RedisPresenceStore;
import dev.redcast.server.registry.ChannelRegistry;
import dev.redcast.server.registry.memory.MemoryChannelRegistry;
import dev.redcast.server.registry.redis.RedisChannelRegistry;

/**
 * Thread-safe (immutable). The parts of a node that live in its broker variant, chosen once, here,
 * from the configuration: the broker itself, the presence store, the channel registry and the node
 * registry. The rest of the server only sees their interfaces.
 *
 * @param broker moves messages between nodes (and keeps history)
 * @param presence who is online and in which channels, and the remembered subscriptions
 * @param registry the registered channels and their descriptions
 * @param nodes the live nodes' records
 */
record Backend(
        Broker broker, PresenceStore presence, ChannelRegistry registry, NodeRegistry nodes) {

    /** The embedded single-node variant, or the Redis one when a Redis is configured. */
    static Backend of(ServerConfig config) {
        if (config.embeddedBroker()) {
            return new Backend(
                    new MemoryBroker(config.channels()),
                    new MemoryPresenceStore(config.nodeId()),
                    new MemoryChannelRegistry(),
                    new MemoryNodeRegistry());
        }
        RedisBroker redis = new RedisBroker(config.redis(), config.nodeId(), config.channels());
        return new Backend(
                redis,
                new RedisPresenceStore(
                        redis::commandConnection,
                        config.redis().channelPrefix(),
                        config.nodeId(),
                        config.presence().refreshSeconds(),
                        config.presence().ttlSeconds()),
                new RedisChannelRegistry(redis::commandConnection, config.redis().channelPrefix()),
                new RedisNodeRegistry(redis::commandConnection, config.redis().channelPrefix()));
    }
}
