/**
 * Netty bootstrap and pipeline: TCP accept, HTTP routing, the WebSocket upgrade (subprotocol,
 * permessage-deflate, which dialect a path speaks) and the handler that hands frames to the
 * connection's dialect. The top layer below the wiring: may use {@code dialect}, {@code api},
 * {@code hub}, {@code auth}, {@code metrics}, {@code protocol} and {@code config}.
 */
package dev.redcast.server.transport;
