/** The channel registry in this node's memory. A variant chosen by the wiring only. */
package dev.redcast.server.registry.memory;
