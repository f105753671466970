/**
 * The channel registry (names and descriptions users can list) and the listing that merges it with
 * live presence. Implemented by {@code registry.memory} and {@code registry.redis}; may use {@code
 * presence} and the foundation.
 */
package dev.redcast.server.registry;
