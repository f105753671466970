package dev.redcast.server.config;

import java.util.Objects;

/**
 * Thread-safe (immutable). The certificate and key a node serves HTTPS and WSS with, as configured:
 * two PEM files, given together. The transport reads them at start-up and again whenever they
 * change; a file that cannot be used fails start-up there, naming the file.
 *
 * @param certFile the PEM certificate chain, leaf first
 * @param keyFile the PEM private key of the leaf certificate
 */
public record TlsSettings(String certFile, String keyFile) {
    public TlsSettings {
        Objects.requireNonNull(certFile, "certFile");
        Objects.requireNonNull(keyFile, "keyFile");
    }

    /**
     * The settings as given, or null when neither file is set (plain HTTP and WS).
     *
     * @throws ConfigException when only one of the two is set
     */
    static TlsSettings of(String certFile, String keyFile) {
        boolean cert = !blank(certFile);
        boolean key = !blank(keyFile);
        if (cert != key) {
            Setting<?> given = cert ? Setting.TLS_CERT : Setting.TLS_KEY;
            Setting<?> missing = cert ? Setting.TLS_KEY : Setting.TLS_CERT;
            throw new ConfigException(
                    given.displayName()
                            + " is set but "
                            + missing.displayName()
                            + " is not: TLS needs both PEM files, plain HTTP neither");
        }
        return cert ? new TlsSettings(certFile.trim(), keyFile.trim()) : null;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
