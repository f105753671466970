/**
 * The broker contract: how messages move between nodes (publish, subscribe, history, control
 * channels) independent of where they are kept. Implemented by {@code broker.memory} and {@code
 * broker.redis}; may use only the foundation ({@code protocol}, {@code config}).
 */
package dev.redcast.server.broker;
