/**
 * The nodes of a cluster and what passes between them: each node's liveness record (id, version,
 * counts, the key its control messages are signed with), the signed control channels that carry
 * presence events and administrator commands, and the administrator commands themselves.
 * Implemented by {@code cluster.memory} and {@code cluster.redis}; a service that may use {@code
 * broker}, {@code metrics} and the foundation.
 */
package dev.redcast.server.cluster;
