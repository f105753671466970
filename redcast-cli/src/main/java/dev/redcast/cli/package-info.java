/**
 * The {@code redcast.jar} command line: {@code serve} and the picocli root that mounts the other
 * commands. May use the server, the client and the bench.
 */
package dev.redcast.cli;
