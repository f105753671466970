/**
 * JWT connection tokens: the verifier (HMAC secret, PEM public key or JWKS, refreshed off the event
 * loops), its claims and refusal reasons, and the authenticator that admits a token as its {@code
 * sub}. Part of {@code auth}: uses no other package of the server.
 */
package dev.redcast.server.auth.jwt;
