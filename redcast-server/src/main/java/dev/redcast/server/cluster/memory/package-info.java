/** The node registry of the embedded single-node broker: the node itself. */
package dev.redcast.server.cluster.memory;
