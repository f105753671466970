/**
 * {@code redcast publish} and {@code redcast listen}, with their shared connection options. May use
 * the client.
 */
package dev.redcast.cli.tools;
