/**
 * Presence kept in Redis sorted sets with expiring members, shared by every node. A variant chosen
 * by the wiring only; may use {@code broker} for its Redis connection and {@code presence}.
 */
package dev.redcast.server.presence.redis;
