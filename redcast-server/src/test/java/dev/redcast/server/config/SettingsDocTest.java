package dev.redcast.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Confined to the test thread. The README's settings table is the setting table. */
class SettingsDocTest {
    private static final Path README = Path.of("..", "README.md");

    @Test
    void readmeSettingsTable_isTheRenderedSettingTable() throws IOException {
        String readme = Files.readString(README, StandardCharsets.UTF_8);

        assertThat(SettingsDoc.tableIn(readme))
                .as(
                        "README.md's settings table is stale; regenerate it with"
                                + " java -cp redcast-cli/target/redcast.jar"
                                + " dev.redcast.server.config.SettingsDoc README.md")
                .isEqualTo(SettingsDoc.markdownTable());
    }

    @Test
    void markdownTable_hasOneRowPerSettingWithFlagEnvDefaultAndHelp() {
        String table = SettingsDoc.markdownTable();

        assertThat(table.lines()).hasSize(2 + Setting.values().size());
        assertThat(table)
                .contains("| `--port` | `WS_PORT`, `PORT` | 8080 | HTTP and WebSocket port")
                .contains("| `--auth-token` | `WS_AUTH_TOKEN` | random, printed once at start-up |")
                .contains("| `--default-channels` | `DEFAULT_CHANNELS` | (none) |");
    }

    @Test
    void withCurrentTable_replacesOnlyTheTable() {
        String stale =
                "# Doc\n\nintro\n\n"
                        + SettingsDoc.HEADER
                        + "\n|---|---|---|---|\n| `--gone` | `GONE` | 1 | removed |\n\nafter\n";

        String updated = SettingsDoc.withCurrentTable(stale);

        assertThat(updated)
                .isEqualTo("# Doc\n\nintro\n\n" + SettingsDoc.markdownTable() + "\nafter\n");
        assertThat(SettingsDoc.tableIn(updated)).isEqualTo(SettingsDoc.markdownTable());
        assertThat(SettingsDoc.tableIn("no table here")).isNull();
    }
}
