package dev.redcast.server.auth.jwt;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Objects;

/**
 * Thread-safe (immutable). Where {@link JwtVerifier} gets the key that token signatures are checked
 * with: a shared HMAC secret, one PEM public key, or a JWKS document. The kind of key decides the
 * algorithms a token may use (see {@link VerificationKey}); nothing in a token can change it.
 */
public sealed interface JwtKey permits JwtKey.Hmac, JwtKey.Pem, JwtKey.Jwks {

    /** One line for the start-up banner; never the secret. */
    String describe();

    /**
     * A secret shared with the backend that issues tokens; {@code HS256}, {@code HS384}, {@code
     * HS512} as its length allows.
     *
     * @param secret used as its UTF-8 bytes, at least 32 of them
     */
    record Hmac(String secret) implements JwtKey {
        public Hmac {
            Objects.requireNonNull(secret, "secret");
            String problem = VerificationKey.hmacProblem(bytes(secret));
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
        }

        byte[] bytes() {
            return bytes(secret);
        }

        private static byte[] bytes(String secret) {
            return secret.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String describe() {
            return VerificationKey.hmac(bytes()).description();
        }

        /** Without the secret, so a logged config never shows it. */
        @Override
        public String toString() {
            return "Hmac[" + bytes().length + " bytes]";
        }
    }

    /**
     * One public key of the issuer: RSA of 2048 bits or more ({@code RS*}, {@code PS*}) or EC on
     * P-256, P-384 or P-521 (the {@code ES*} of that curve). EdDSA is not supported (see {@link
     * JwtVerifier}).
     */
    record Pem(PublicKey key) implements JwtKey {
        public Pem {
            Objects.requireNonNull(key, "key");
            String problem = VerificationKey.problem(key);
            if (problem != null) {
                throw new IllegalArgumentException("JWT public key: " + problem);
            }
        }

        /**
         * The key in PEM text ({@code PUBLIC KEY} or {@code CERTIFICATE}).
         *
         * @throws IllegalArgumentException when the text holds no usable key
         */
        public static Pem parse(String pem) {
            return new Pem(PemKeys.parse(pem, "JWT public key"));
        }

        /**
         * The key in a PEM file, read now (at start-up).
         *
         * @throws IllegalArgumentException naming the file when it cannot be read or holds no
         *     usable key
         */
        public static Pem read(Path file) {
            String text;
            try {
                text = Files.readString(file, StandardCharsets.US_ASCII);
            } catch (IOException e) {
                throw new IllegalArgumentException(
                        "JWT public key file " + file + " cannot be read: " + e, e);
            }
            return new Pem(PemKeys.parse(text, "JWT public key file " + file));
        }

        @Override
        public String describe() {
            return VerificationKey.publicKey(key).description() + " public key";
        }
    }

    /**
     * A JWKS document (RFC 7517 section 5) from a file or an HTTP(S) URL, loaded in the background:
     * at start, every {@code refreshInterval}, and when a token names an unknown {@code kid}, but
     * never twice within {@code minRefreshGap}, so tokens with made-up key ids cannot turn into a
     * flood of fetches. A failed fetch keeps the keys already loaded.
     *
     * @param location a {@code file:}, {@code http:} or {@code https:} URI; plain HTTP lets anyone
     *     on the path substitute keys, so it is for loopback and tests
     * @param refreshInterval time between scheduled reloads
     * @param minRefreshGap least time between the starts of two fetches of any cause
     * @param fetchTimeout longest a fetch may take, connecting and reading included
     */
    record Jwks(
            URI location, Duration refreshInterval, Duration minRefreshGap, Duration fetchTimeout)
            implements JwtKey {
        /** Default time between scheduled reloads: 5 minutes. */
        public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofMinutes(5);

        /** Default least time between two fetches: 10 seconds. */
        public static final Duration DEFAULT_MIN_REFRESH_GAP = Duration.ofSeconds(10);

        /** Default fetch timeout: 5 seconds. */
        public static final Duration DEFAULT_FETCH_TIMEOUT = Duration.ofSeconds(5);

        /** Largest JWKS document read: 256 KiB (a few hundred keys; real ones are a few KiB). */
        public static final int MAX_DOCUMENT_BYTES = 256 * 1024;

        public Jwks {
            Objects.requireNonNull(location, "location");
            String scheme = location.getScheme() == null ? "" : location.getScheme();
            switch (scheme) {
                case "file":
                    break;
                case "http":
                case "https":
                    if (location.getHost() == null) {
                        throw new IllegalArgumentException("JWKS URL " + location + " has no host");
                    }
                    break;
                default:
                    throw new IllegalArgumentException(
                            "JWKS location '"
                                    + location
                                    + "': a file path or an http:// or https:// URL");
            }
            JwtConfig.requireBetween(
                    "JWKS refresh interval",
                    refreshInterval,
                    Duration.ofSeconds(1),
                    Duration.ofDays(1));
            JwtConfig.requireBetween(
                    "JWKS minimum refresh gap",
                    minRefreshGap,
                    Duration.ofMillis(1),
                    refreshInterval);
            JwtConfig.requireBetween(
                    "JWKS fetch timeout",
                    fetchTimeout,
                    Duration.ofMillis(100),
                    Duration.ofMinutes(1));
        }

        /** A document at {@code location} with the default intervals and timeout. */
        public static Jwks at(URI location) {
            return new Jwks(
                    location,
                    DEFAULT_REFRESH_INTERVAL,
                    DEFAULT_MIN_REFRESH_GAP,
                    DEFAULT_FETCH_TIMEOUT);
        }

        /** A document in a file, with the default intervals and timeout. */
        public static Jwks file(Path file) {
            return at(file.toAbsolutePath().toUri());
        }

        @Override
        public String describe() {
            return "JWKS "
                    + printableLocation()
                    + " (reloaded every "
                    + refreshInterval.toSeconds()
                    + " s)";
        }

        /** The location without user info or query, which may hold credentials. */
        String printableLocation() {
            if ("file".equals(location.getScheme())) {
                return location.getPath();
            }
            return location.getScheme()
                    + "://"
                    + location.getHost()
                    + (location.getPort() < 0 ? "" : ":" + location.getPort())
                    + (location.getPath() == null ? "" : location.getPath());
        }
    }
}
