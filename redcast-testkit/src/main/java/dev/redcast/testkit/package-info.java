/**
 * Test support shared by every module: real {@code redis-server} processes on free ports (with a
 * TLS port on request), throwaway certificates for TLS tests, a recording WebSocket client, a raw
 * RESP connection and readiness probes. Depends on no other redcast module.
 */
package dev.redcast.testkit;
