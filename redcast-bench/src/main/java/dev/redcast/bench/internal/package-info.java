/**
 * The load machinery: connections, the open-loop publisher, latency stamps and per-phase tallies,
 * server probes. Entered only from {@code bench}; may use {@code bench.spec}.
 */
package dev.redcast.bench.internal;
