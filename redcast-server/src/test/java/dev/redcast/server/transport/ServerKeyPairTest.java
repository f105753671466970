package dev.redcast.server.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.redcast.testkit.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Confined to the test thread. Reading a certificate and key pair, and what it refuses. */
class ServerKeyPairTest {
    @TempDir static Path dir;
    private static TestPki pki;
    private static TestPki.Issued server;
    private static TestPki.Issued other;

    @BeforeAll
    static void issue() {
        pki = TestPki.create(dir);
        server = pki.issue("server");
        other = pki.issue("other");
    }

    @Test
    void read_givesTheLeafFirstAndTheMatchingKey() throws Exception {
        Path chain = dir.resolve("chain.pem");
        Files.writeString(
                chain,
                Files.readString(server.certificate()) + Files.readString(pki.caCertificate()));

        ServerKeyPair pair = ServerKeyPair.read(chain, server.key());

        assertThat(pair.chain()).hasSize(2);
        assertThat(pair.leaf().getSerialNumber()).isEqualTo(server.serial());
        assertThat(pair.key().getAlgorithm()).isEqualTo("EC");
        assertThat(pair.describe())
                .startsWith("CN=server, serial " + server.serial().toString(16) + ", valid until");
    }

    @Test
    void keyOfAnotherCertificate_isRefusedNamingBothFiles() {
        assertThatThrownBy(() -> ServerKeyPair.read(server.certificate(), other.key()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        other.key()
                                + " is not the private key of the first certificate in "
                                + server.certificate());
    }

    @Test
    void missingFile_isRefusedNamingIt() {
        Path missing = dir.resolve("missing.pem");
        assertThatThrownBy(() -> ServerKeyPair.read(missing, server.key()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot read " + missing + ": no such file");
    }

    @Test
    void certificateFileWithoutCertificate_isRefused() {
        assertThatThrownBy(() -> ServerKeyPair.read(server.key(), server.key()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(server.key() + " is not a PEM certificate chain");
    }

    @Test
    void pkcs1OrSec1Key_isRefusedWithTheConversionCommand() throws Exception {
        Path sec1 = dir.resolve("sec1.key");
        Files.writeString(
                sec1, "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n");

        assertThatThrownBy(() -> ServerKeyPair.read(server.certificate(), sec1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        sec1
                                + " holds a 'EC PRIVATE KEY', which is not read; convert it to"
                                + " PKCS#8 with 'openssl pkcs8 -topk8 -nocrypt -in "
                                + sec1
                                + "'");
    }

    @Test
    void encryptedKey_isRefused() throws Exception {
        Path encrypted = dir.resolve("encrypted.key");
        Files.writeString(
                encrypted,
                "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n");

        assertThatThrownBy(() -> ServerKeyPair.read(server.certificate(), encrypted))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("encrypted key");
    }

    @Test
    void certificateGivenAsKey_isRefused() {
        assertThatThrownBy(() -> ServerKeyPair.read(server.certificate(), server.certificate()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        server.certificate()
                                + " holds a 'CERTIFICATE' block, expected 'PRIVATE KEY'");
    }

    @Test
    void hugeFile_isRefusedUnread() throws Exception {
        Path huge = dir.resolve("huge.pem");
        Files.write(huge, new byte[(int) ServerKeyPair.MAX_FILE_BYTES + 1]);

        assertThatThrownBy(() -> ServerKeyPair.read(huge, server.key()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(huge + " has 1048577 bytes, more than a PEM file would");
    }
}
