/**
 * Netty bootstrap and pipeline: TCP accept, HTTP routing, the WebSocket upgrade and the handler
 * that turns frames into commands. The top layer below the wiring: may use {@code api}, {@code
 * hub}, {@code auth}, {@code metrics}, {@code protocol} and {@code config}.
 */
package dev.redcast.server.transport;
