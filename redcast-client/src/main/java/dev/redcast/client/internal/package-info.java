/**
 * How the client works: the connection state machine, reconnect with backoff, pending requests,
 * frame encoding and the Netty link. Implementation detail; may use the public value types of
 * {@code client}.
 */
package dev.redcast.client.internal;
