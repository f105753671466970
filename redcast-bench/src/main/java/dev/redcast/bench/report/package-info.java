/**
 * Results: the report records, JSON in and out, the text table and the SVG chart. May use {@code
 * bench.spec}.
 */
package dev.redcast.bench.report;
