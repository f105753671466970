package dev.redcast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redcast.server.config.Setting;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine.Model.OptionSpec;

/** Confined to the test thread. {@code redcast serve}'s options come from the setting table. */
class ServeCommandTest {
    static List<Setting<?>> settings() {
        return Setting.values();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("settings")
    void everySetting_isAnOptionWithItsHelpEnvironmentVariableAndDefault(Setting<?> s) {
        OptionSpec option = ServeCommand.commandLine().getCommandSpec().findOption("--" + s.key());

        assertThat(option).as("--%s", s.key()).isNotNull();
        assertThat(option.paramLabel()).isEqualTo(s.valueLabel());
        assertThat(String.join(" ", option.description()))
                .contains(s.help())
                .contains("Env: " + String.join(" or ", s.envNames()) + ".")
                .contains("Default: " + s.defaultText() + ".");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("settings")
    void secrets_areLabelledSecret(Setting<?> s) {
        boolean secret =
                s == Setting.AUTH_TOKEN
                        || s == Setting.API_KEY
                        || s == Setting.REDIS_PASSWORD
                        || s == Setting.JWT_SECRET;
        assertThat(s.valueLabel().equals("SECRET")).isEqualTo(secret);
    }
}
