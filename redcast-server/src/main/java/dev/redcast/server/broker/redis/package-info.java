/**
 * The Redis broker over Lettuce: pub/sub for live messages, streams and a function library for
 * history and idempotent publishes, one subscription connection per node and two command
 * connections ({@code RedisLane}: one for publishes and writes, one for large reads), which the
 * Redis presence store and registry share. A variant chosen by the wiring only; may use {@code
 * broker} and the foundation.
 */
package dev.redcast.server.broker.redis;
