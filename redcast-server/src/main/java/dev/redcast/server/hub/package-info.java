/**
 * Sessions, subscriptions and fan-out: the node-local interest in topics, one drain per event loop,
 * recovery of missed messages and the one outbound gate and close path of a connection. May use the
 * services and the foundation; never {@code api} or {@code transport}.
 */
package dev.redcast.server.hub;
