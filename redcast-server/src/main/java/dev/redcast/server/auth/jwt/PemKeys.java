package dev.redcast.server.auth.jwt;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Thread-safe (stateless). Reads a public key from PEM text with the JDK alone: nimbus's own PEM
 * reader needs BouncyCastle, which redcast does not bundle. Takes a {@code PUBLIC KEY} (X.509
 * SubjectPublicKeyInfo, what {@code openssl pkey -pubout} writes) or a {@code CERTIFICATE} (its key
 * is used; the certificate's dates and chain are not checked, the operator chose it).
 */
final class PemKeys {
    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");

    /** The key factories tried in turn on a SubjectPublicKeyInfo. */
    private static final List<String> KEY_TYPES = List.of("RSA", "EC", "EdDSA");

    private PemKeys() {}

    /**
     * The public key of the first PEM block in {@code text}.
     *
     * @param source what the text is, for messages, e.g. {@code PEM file /etc/redcast/jwt.pem}
     * @throws IllegalArgumentException naming {@code source} when there is no usable block
     */
    static PublicKey parse(String text, String source) {
        Matcher m = BLOCK.matcher(text);
        if (!m.find()) {
            throw new IllegalArgumentException(
                    source + ": no PEM block (-----BEGIN PUBLIC KEY----- ... -----END ...)");
        }
        String type = m.group(1);
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(m.group(2));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": PEM body is not Base64", e);
        }
        switch (type) {
            case "PUBLIC KEY":
                return subjectPublicKey(der, source);
            case "CERTIFICATE":
                try {
                    return CertificateFactory.getInstance("X.509")
                            .generateCertificate(new ByteArrayInputStream(der))
                            .getPublicKey();
                } catch (GeneralSecurityException e) {
                    throw new IllegalArgumentException(
                            source + ": unreadable certificate: " + e.getMessage(), e);
                }
            case "RSA PUBLIC KEY":
                throw new IllegalArgumentException(
                        source
                                + ": PKCS#1 'RSA PUBLIC KEY' is not read; convert it with"
                                + " 'openssl rsa -RSAPublicKey_in -pubout'");
            default:
                throw new IllegalArgumentException(
                        source
                                + ": a '"
                                + type
                                + "' block, expected 'PUBLIC KEY' or 'CERTIFICATE'"
                                + (type.contains("PRIVATE")
                                        ? " (never give redcast a private key)"
                                        : ""));
        }
    }

    private static PublicKey subjectPublicKey(byte[] der, String source) {
        X509EncodedKeySpec spec = new X509EncodedKeySpec(der);
        for (String type : KEY_TYPES) {
            try {
                return KeyFactory.getInstance(type).generatePublic(spec);
            } catch (GeneralSecurityException e) {
                // Not this type: the JDK has no factory that reads the algorithm first.
            }
        }
        throw new IllegalArgumentException(source + ": not an RSA, EC or EdDSA public key");
    }
}
