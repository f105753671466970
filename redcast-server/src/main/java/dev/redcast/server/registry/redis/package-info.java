/**
 * The channel registry in a Redis hash shared by every node. A variant chosen by the wiring only;
 * may use {@code broker}, {@code broker.redis} for its Redis connections ({@code RedisLane}) and
 * {@code registry}.
 */
package dev.redcast.server.registry.redis;
