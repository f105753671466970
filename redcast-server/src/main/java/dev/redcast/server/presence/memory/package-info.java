/**
 * Presence kept in this node's memory, for the embedded set-up. A variant chosen by the wiring
 * only.
 */
package dev.redcast.server.presence.memory;
