/**
 * The client half of the WebSocket opening handshake over Netty, in one place for the two Netty
 * WebSocket clients that need it: the client library and the testkit's recording client. It may use
 * Netty's HTTP codec and nothing of redcast: the subprotocol and everything else the wire agrees on
 * come from the caller (usually from {@code dev.redcast.protocol}).
 */
package dev.redcast.wsclient;
