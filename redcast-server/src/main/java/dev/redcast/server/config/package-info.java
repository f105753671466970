/**
 * The frozen configuration: immutable records validated at construction, and the loader that reads
 * flags, environment and file. The foundation: uses no other package of the server.
 */
package dev.redcast.server.config;
