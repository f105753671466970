package dev.redcast.server.transport;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Thread-safe (immutable). A server certificate chain and its private key, read from two PEM files
 * with the JDK alone and checked against each other: a pair that cannot serve (the key of another
 * certificate, half of a renewal still being copied) is refused here, before any client sees it.
 * Reads what {@code openssl} and ACME clients write: {@code CERTIFICATE} blocks, leaf first, and an
 * unencrypted PKCS#8 {@code PRIVATE KEY} (RSA, EC or EdDSA).
 *
 * @param key the private key of the leaf
 * @param chain the leaf certificate first, then any intermediates
 */
record ServerKeyPair(PrivateKey key, List<X509Certificate> chain) {
    /** Larger files are not PEM certificates or keys; refusing them bounds what a poll reads. */
    static final long MAX_FILE_BYTES = 1024 * 1024;

    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");

    ServerKeyPair {
        chain = List.copyOf(chain);
    }

    X509Certificate leaf() {
        return chain.get(0);
    }

    /**
     * Reads and checks the pair.
     *
     * @throws IllegalArgumentException naming the file that cannot be used, and why
     */
    static ServerKeyPair read(Path certFile, Path keyFile) {
        List<X509Certificate> chain = certificates(text(certFile), certFile);
        PublicKey leafKey = chain.get(0).getPublicKey();
        PrivateKey key = privateKey(text(keyFile), keyFile, leafKey.getAlgorithm());
        if (!matches(key, leafKey)) {
            throw new IllegalArgumentException(
                    keyFile + " is not the private key of the first certificate in " + certFile);
        }
        return new ServerKeyPair(key, chain);
    }

    /** The one-line summary logs show: subject, serial and end of validity. */
    String describe() {
        X509Certificate leaf = leaf();
        return leaf.getSubjectX500Principal().getName()
                + ", serial "
                + leaf.getSerialNumber().toString(16)
                + ", valid until "
                + leaf.getNotAfter().toInstant();
    }

    private static String text(Path file) {
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new IllegalArgumentException(
                        file + " has " + size + " bytes, more than a PEM file would");
            }
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("cannot read " + file + ": no such file", e);
        } catch (AccessDeniedException e) {
            throw new IllegalArgumentException("cannot read " + file + ": permission denied", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e, e);
        }
    }

    private static List<X509Certificate> certificates(String pem, Path file) {
        try {
            List<X509Certificate> chain =
                    CertificateFactory.getInstance("X.509")
                            .generateCertificates(
                                    new ByteArrayInputStream(
                                            pem.getBytes(StandardCharsets.US_ASCII)))
                            .stream()
                            .map(X509Certificate.class::cast)
                            .toList();
            if (chain.isEmpty()) {
                throw new IllegalArgumentException(
                        file + " holds no certificate (-----BEGIN CERTIFICATE----- ...)");
            }
            return chain;
        } catch (CertificateException e) {
            throw new IllegalArgumentException(
                    file + " is not a PEM certificate chain: " + e.getMessage(), e);
        }
    }

    private static PrivateKey privateKey(String pem, Path file, String algorithm) {
        Matcher m = BLOCK.matcher(pem);
        if (!m.find()) {
            throw new IllegalArgumentException(
                    file + " holds no PEM block (-----BEGIN PRIVATE KEY----- ...)");
        }
        String type = m.group(1);
        switch (type) {
            case "PRIVATE KEY":
                break;
            case "RSA PRIVATE KEY", "EC PRIVATE KEY":
                throw new IllegalArgumentException(
                        file
                                + " holds a '"
                                + type
                                + "', which is not read; convert it to PKCS#8 with 'openssl pkcs8"
                                + " -topk8 -nocrypt -in "
                                + file
                                + "'");
            case "ENCRYPTED PRIVATE KEY":
                throw new IllegalArgumentException(
                        file + " holds an encrypted key; give redcast the key without a password");
            default:
                throw new IllegalArgumentException(
                        file + " holds a '" + type + "' block, expected 'PRIVATE KEY'");
        }
        try {
            byte[] der = Base64.getMimeDecoder().decode(m.group(2));
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    file + " is not an " + algorithm + " private key: " + e.getMessage(), e);
        }
    }

    /** Whether {@code key} signs what {@code publicKey} verifies. */
    private static boolean matches(PrivateKey key, PublicKey publicKey) {
        String algorithm =
                switch (publicKey.getAlgorithm()) {
                    case "RSA" -> "SHA256withRSA";
                    case "EC" -> "SHA256withECDSA";
                    case "EdDSA", "Ed25519", "Ed448" -> "EdDSA";
                    default ->
                            throw new IllegalArgumentException(
                                    "unsupported key algorithm "
                                            + publicKey.getAlgorithm()
                                            + " (use RSA, EC or EdDSA)");
                };
        try {
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
