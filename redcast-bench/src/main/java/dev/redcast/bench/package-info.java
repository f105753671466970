/**
 * The load generator's commands: {@code redcast bench} runs a scenario or a sweep and {@code
 * redcast bench chart} draws results. May use {@code bench.spec}, {@code bench.internal} and {@code
 * bench.report}.
 */
package dev.redcast.bench;
