package dev.redcast.bench.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class SweepSpecTest {

    @Test
    void rates_runFromToInclusiveByStep() {
        assertThat(SweepSpec.parse("100:500:100").rates())
                .containsExactly(100.0, 200.0, 300.0, 400.0, 500.0);
        assertThat(SweepSpec.parse("100:450:100").rates())
                .containsExactly(100.0, 200.0, 300.0, 400.0);
        assertThat(SweepSpec.parse("5:5:1").rates()).containsExactly(5.0);
    }

    @Test
    void rates_doNotDriftWithFractionalSteps() {
        List<Double> rates = SweepSpec.parse("0.1:1:0.1").rates();

        assertThat(rates).hasSize(10);
        assertThat(rates.get(9)).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void parse_namesTheBadPart() {
        assertThatThrownBy(() -> SweepSpec.parse("100-500"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("from:to:step");
        assertThatThrownBy(() -> SweepSpec.parse("100:x:1"))
                .hasMessageContaining("to is not a number: 'x'");
        assertThatThrownBy(() -> SweepSpec.parse("500:100:100"))
                .hasMessageContaining("to must be >= from");
        assertThatThrownBy(() -> SweepSpec.parse("100:500:0"))
                .hasMessageContaining("step must be > 0");
        assertThatThrownBy(() -> SweepSpec.parse("0:500:10"))
                .hasMessageContaining("from must be > 0");
        assertThatThrownBy(() -> SweepSpec.parse("1:100000:1"))
                .hasMessageContaining("at most 1000");
    }
}
