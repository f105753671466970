/** Node records kept in Redis with an expiry, refreshed by each live node. */
package dev.redcast.server.cluster.redis;
