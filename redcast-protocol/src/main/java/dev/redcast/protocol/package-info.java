/**
 * What every side of the redcast WebSocket wire must agree on, defined once: the subprotocol name,
 * close codes and which of them are terminal, error codes, what a channel name may look like and
 * which names are reserved for the server, and the Redis glob syntax of patterns. The server, the
 * client library, the bench and the testkit all use it, so it depends on nothing (no Netty, no
 * Jackson, no logging): plain constants and pure functions of the JDK only.
 */
package dev.redcast.protocol;
