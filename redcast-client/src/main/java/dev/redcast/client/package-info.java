/**
 * The Java client library's public surface: {@code RedcastClient} and the immutable values it hands
 * out. Only {@code RedcastClient} enters {@code client.internal}.
 */
package dev.redcast.client;
