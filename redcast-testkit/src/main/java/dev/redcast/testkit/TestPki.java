package dev.redcast.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Confined to the test thread that made it. A throwaway certificate authority for TLS tests, made
 * with the {@code openssl} command line in a directory the test owns (a JUnit {@code @TempDir}): a
 * CA certificate to trust, and server certificates it issues for {@code 127.0.0.1} and {@code
 * localhost}. Keys are EC P-256 in unencrypted PKCS#8, as ACME clients write them; certificates are
 * valid for two days.
 */
public final class TestPki {
    /** The CLI; Debian's openssl package. */
    public static final String OPENSSL = "openssl";

    private static final long OPENSSL_TIMEOUT_SECONDS = 30;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir;
    private final Path caCertificate;
    private final Path caKey;

    /**
     * A server certificate and its key.
     *
     * @param certificate PEM file of the certificate (the leaf alone, no chain)
     * @param key PEM file of its private key, PKCS#8
     * @param serial the certificate's serial number, unique per issue
     */
    public record Issued(Path certificate, Path key, BigInteger serial) {
        /** The certificate, parsed. */
        public X509Certificate read() {
            return readCertificate(certificate);
        }

        /**
         * Base64 of the SHA-256 of the certificate's SubjectPublicKeyInfo: what Chromium's {@code
         * --ignore-certificate-errors-spki-list} takes.
         */
        public String spkiSha256() {
            try {
                byte[] spki = read().getPublicKey().getEncoded();
                return Base64.getEncoder()
                        .encodeToString(MessageDigest.getInstance("SHA-256").digest(spki));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private TestPki(Path dir) {
        this.dir = dir;
        this.caCertificate = dir.resolve("ca.pem");
        this.caKey = dir.resolve("ca.key");
    }

    /** Makes a new CA in {@code dir}: {@code ca.pem} and {@code ca.key}. */
    public static TestPki create(Path dir) {
        TestPki pki = new TestPki(dir);
        openssl(
                dir,
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-nodes",
                "-keyout",
                pki.caKey.toString(),
                "-out",
                pki.caCertificate.toString(),
                "-days",
                "2",
                "-subj",
                "/CN=redcast test CA",
                "-addext",
                "basicConstraints=critical,CA:TRUE",
                "-addext",
                "keyUsage=critical,keyCertSign,cRLSign");
        return pki;
    }

    /** The CA certificate (PEM) that clients of an issued certificate trust. */
    public Path caCertificate() {
        return caCertificate;
    }

    /**
     * Issues a server certificate with subject {@code CN=name} for {@code 127.0.0.1} and {@code
     * localhost}, written to {@code name.pem} and {@code name.key} in the CA's directory.
     */
    public Issued issue(String name) {
        Path key = dir.resolve(name + ".key");
        Path csr = dir.resolve(name + ".csr");
        Path cert = dir.resolve(name + ".pem");
        Path ext = dir.resolve(name + ".ext");
        BigInteger serial = new BigInteger(63, RANDOM).add(BigInteger.ONE);
        try {
            Files.writeString(
                    ext,
                    "subjectAltName=IP:127.0.0.1,DNS:localhost\n"
                            + "basicConstraints=critical,CA:FALSE\n"
                            + "keyUsage=critical,digitalSignature\n"
                            + "extendedKeyUsage=serverAuth\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        openssl(
                dir,
                "genpkey",
                "-algorithm",
                "EC",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-out",
                key.toString());
        openssl(
                dir,
                "req",
                "-new",
                "-key",
                key.toString(),
                "-subj",
                "/CN=" + name,
                "-out",
                csr.toString());
        openssl(
                dir,
                "x509",
                "-req",
                "-in",
                csr.toString(),
                "-CA",
                caCertificate.toString(),
                "-CAkey",
                caKey.toString(),
                "-set_serial",
                "0x" + serial.toString(16),
                "-days",
                "2",
                "-extfile",
                ext.toString(),
                "-out",
                cert.toString());
        return new Issued(cert, key, serial);
    }

    /** A JDK TLS context for clients that trusts this CA alone. */
    public SSLContext clientContext() {
        try {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            trust.setCertificateEntry("ca", readCertificate(caCertificate));
            TrustManagerFactory tmf =
                    TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            return ssl;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a client TLS context", e);
        }
    }

    /** Parses a PEM certificate file. */
    public static X509Certificate readCertificate(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate)
                    CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("not a PEM certificate: " + pem, e);
        }
    }

    private static void openssl(Path dir, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(OPENSSL);
        cmd.addAll(List.of(args));
        try {
            Process p =
                    new ProcessBuilder(cmd)
                            .directory(dir.toFile())
                            .redirectErrorStream(true)
                            .start();
            p.getOutputStream().close();
            byte[] output = p.getInputStream().readAllBytes();
            if (!p.waitFor(OPENSSL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("openssl did not finish: " + cmd);
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(
                        "openssl failed with "
                                + p.exitValue()
                                + ": "
                                + cmd
                                + "\n"
                                + new String(output, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + cmd, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running openssl", e);
        }
    }
}
