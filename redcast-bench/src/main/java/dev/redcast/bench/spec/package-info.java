/**
 * What a benchmark run is: its validated options, scenario, sweep and publish path, and the
 * exception it fails with. Uses no other package of the bench.
 */
package dev.redcast.bench.spec;
