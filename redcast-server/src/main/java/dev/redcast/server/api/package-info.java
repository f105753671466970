/**
 * The HTTP endpoints beside the socket: health, readiness, metrics, the backend and admin API,
 * presence and the channel registry. May use the services ({@code broker}, {@code cluster}, {@code
 * presence}, {@code registry}, {@code auth}, {@code metrics}) and the foundation ({@code protocol},
 * {@code config}); never the hub or the transport.
 */
package dev.redcast.server.api;
