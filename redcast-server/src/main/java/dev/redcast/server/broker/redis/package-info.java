/**
 * The Redis broker over Lettuce: pub/sub for live messages, streams and a function for history, one
 * subscription connection per node. A variant chosen by the wiring only; may use {@code broker} and
 * the foundation.
 */
package dev.redcast.server.broker.redis;
