/**
 * Who is connecting: credentials from the upgrade request become a principal, or a refusal. A
 * service: may use only the foundation.
 */
package dev.redcast.server.auth;
