/**
 * Dialects: the frames of the systems redcast replaces (the forwarder, the room server, the Node
 * relay, the Go chat), each a thin translator in front of the hub. A dialect decodes its clients'
 * frames into redcast's commands, which the hub carries out with every limit, permission and metric
 * of its own, and encodes redcast's replies, messages and presence events into its own frames
 * ({@link dev.redcast.server.hub.Wire}). May use the hub, the services and the foundation; only
 * {@code transport} and the wiring use it.
 */
package dev.redcast.server.dialect;
