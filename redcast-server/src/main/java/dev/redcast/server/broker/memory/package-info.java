/**
 * The embedded broker: one node, history in memory, no set-up. A variant chosen by the wiring only;
 * may use {@code broker} and the foundation.
 */
package dev.redcast.server.broker.memory;
