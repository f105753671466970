package dev.redcast.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DurationConverterTest {

    @Test
    void parse_readsCommonUnits() {
        assertThat(DurationConverter.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(DurationConverter.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(DurationConverter.parse("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(DurationConverter.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(DurationConverter.parse("7")).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void parse_rejectsOtherTextWithExamples() {
        assertThatThrownBy(() -> DurationConverter.parse("soon"))
                .isInstanceOf(CommandLine.TypeConversionException.class)
                .hasMessageContaining("'soon' is not a duration; use for example 30s");
        assertThatThrownBy(() -> DurationConverter.parse("-1s"))
                .isInstanceOf(CommandLine.TypeConversionException.class);
    }
}
