package dev.redcast.cli.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenFileTest {

    @Test
    void everyCall_readsWhatTheFileHoldsNow_withoutSurroundingWhitespace(@TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("token");
        TokenFile tokens = new TokenFile(file);
        Files.writeString(file, "first\n");
        assertThat(tokens.get().toCompletableFuture().join()).isEqualTo("first");
        Files.writeString(file, "  second \r\n");
        assertThat(tokens.get().toCompletableFuture().join()).isEqualTo("second");
    }

    @Test
    void aMissingOrEmptyFile_failsTheStage_namingTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("token");
        TokenFile tokens = new TokenFile(file);
        assertThatThrownBy(() -> tokens.get().toCompletableFuture().join())
                .hasMessageContaining("no token file " + file);
        Files.writeString(file, "\n");
        assertThatThrownBy(() -> tokens.get().toCompletableFuture().join())
                .hasMessageContaining("the token file " + file + " is empty");
    }
}
