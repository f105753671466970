/**
 * Who is online where: the presence store contract and the coalesced reads of it. Implemented by
 * {@code presence.memory} and {@code presence.redis}; may use only the foundation.
 */
package dev.redcast.server.presence;
