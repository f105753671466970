/**
 * The Micrometer registry with Prometheus output and the periodic summary log line. A service that
 * depends on no other package of the server.
 */
package dev.redcast.server.metrics;
