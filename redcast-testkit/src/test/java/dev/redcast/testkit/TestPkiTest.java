package dev.redcast.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestPkiTest {

    @Test
    void issue_signsAServerCertificateForLoopbackWithAFreshSerial(@TempDir Path dir)
            throws Exception {
        TestPki pki = TestPki.create(dir);
        TestPki.Issued first = pki.issue("first");
        TestPki.Issued second = pki.issue("second");

        X509Certificate ca = TestPki.readCertificate(pki.caCertificate());
        X509Certificate leaf = first.read();
        leaf.verify(ca.getPublicKey());
        assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo("CN=first");
        assertThat(leaf.getSerialNumber()).isEqualTo(first.serial()).isNotEqualTo(second.serial());
        assertThat(leaf.getSubjectAlternativeNames())
                .contains(List.of(7, "127.0.0.1"), List.of(2, "localhost"));
        assertThat(Files.readString(first.key())).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(first.spkiSha256()).hasSize(44).isNotEqualTo(second.spkiSha256());
    }
}
