/**
 * The channel registry in a Redis hash shared by every node. A variant chosen by the wiring only;
 * may use {@code broker} and {@code registry}.
 */
package dev.redcast.server.registry.redis;
