/**
 * Test support shared by every module: real {@code redis-server} processes on free ports, a
 * recording WebSocket client, a raw RESP connection and readiness probes. Depends on no other
 * redcast module.
 */
package dev.redcast.testkit;
