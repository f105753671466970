/**
 * The server's side of the wire: command records and their JSON decoder, replies, the encoders that
 * write finished WebSocket frames, and the exception that carries an error code and a close code.
 * The foundation: uses no other package of the server.
 */
package dev.redcast.server.protocol;
