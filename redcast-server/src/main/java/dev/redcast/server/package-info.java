/**
 * The wiring of a node: {@code RedcastServer} builds the backend, the hub and the transport from
 * the frozen configuration and owns their lifecycle. The one package that may use every other
 * package of the server; none uses it.
 */
package dev.redcast.server;
