/**
 * Presence kept in Redis sorted sets with expiring members, shared by every node. A variant chosen
 * by the wiring only; may use {@code broker}, {@code broker.redis} for its Redis connections
 * ({@code RedisLane}) and {@code presence}.
 */
package dev.redcast.server.presence.redis;
