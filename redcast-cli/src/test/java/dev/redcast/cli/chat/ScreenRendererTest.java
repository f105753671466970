package dev.redcast.cli.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.jline.utils.AttributedString;
import org.junit.jupiter.api.Test;

class ScreenRendererTest {
    private static final Instant T0 = Instant.parse("2024-01-15T10:02:00Z");

    private final ChatModel model =
            new ChatModel(
                    "redcast chat 1.2.0",
                    "wael",
                    "ws://localhost:8080/ws",
                    ZoneOffset.UTC,
                    Clock.fixed(T0, ZoneOffset.UTC));

    private static ChatLine msg(String sender, String text, long offset) {
        return new ChatLine(T0, sender, text, offset, "e");
    }

    private List<String> render(int cols, int rows) {
        Screen s = ScreenRenderer.render(model, cols, rows);
        assertThat(s.lines()).hasSize(rows);
        for (AttributedString line : s.lines()) {
            assertThat(line.columnLength()).as("width of '" + line + "'").isLessThanOrEqualTo(cols);
        }
        return s.text();
    }

    @Test
    void layout_at80x24_hasHeaderChannelsLogStatusAndInput() {
        model.join("general").add(msg("mazen", "hello", 1), false);
        model.join("random").add(msg("mazen", "unseen", 1), true);
        model.select("general");
        model.connection("connected");
        model.notice("joined general");
        model.input().insert("typing");

        List<String> rows = render(80, 24);
        assertThat(rows.get(0))
                .startsWith(" redcast chat 1.2.0 │ wael @ ws://localhost:8080/ws")
                .hasSize(80);
        assertThat(rows.get(1)).isEqualTo(" Channels      │[10:02] mazen: hello");
        assertThat(rows.get(2)).startsWith(">general       │");
        assertThat(rows.get(3)).startsWith(" random      1 │");
        assertThat(rows.get(22)).startsWith(" [general] connected │ joined general").hasSize(80);
        assertThat(rows.get(23)).isEqualTo("> typing");
        Screen s = ScreenRenderer.render(model, 80, 24);
        assertThat(s.cursorRow()).isEqualTo(23);
        assertThat(s.cursorCol()).isEqualTo(8);
    }

    @Test
    void noChannel_showsTheLobbyAndSaysSo() {
        model.say("Welcome. Type /join <channel> to start.");
        List<String> rows = render(80, 24);
        assertThat(rows.get(1)).endsWith("│[10:02] -- Welcome. Type /join <channel> to start.");
        assertThat(rows.get(22)).startsWith(" [no channel] connecting");
        assertThat(rows.get(23)).isEqualTo("> ");
    }

    @Test
    void longMessages_wrapAtWordsUnderTheText_andOnlyTheNewestLinesShow() {
        ChannelView v = model.join("general");
        for (int i = 1; i <= 30; i++) {
            v.add(msg("mazen", "message " + i, i), false);
        }
        v.add(msg("wael", "word ".repeat(20).strip(), 31), false);
        List<String> rows = render(80, 24);
        // 21 log rows: the wrapped message takes two, so messages 12..30 are above it.
        assertThat(rows.get(1)).endsWith("[10:02] mazen: message 12");
        // The log is 65 columns wide: ten words fit after the prefix, the rest goes under them.
        assertThat(rows.get(20)).endsWith("│[10:02] wael: " + "word ".repeat(10).strip());
        assertThat(rows.get(21)).endsWith("│        " + "word ".repeat(10).strip());
    }

    @Test
    void pageUp_scrollsBackAndTheStatusSaysSo() {
        ChannelView v = model.join("general");
        for (int i = 1; i <= 30; i++) {
            v.add(msg("mazen", "message " + i, i), false);
        }
        model.scrollBy(5);
        List<String> rows = render(80, 24);
        assertThat(rows.get(21)).endsWith("message 25");
        assertThat(rows.get(22)).contains("scrolled up");
        model.scrollBy(1000);
        assertThat(render(80, 24).get(1)).endsWith("message 1");
        assertThat(model.scroll()).isEqualTo(9);
    }

    @Test
    void controlCharactersFromTheNetwork_cannotReachTheTerminal() {
        model.join("general")
                .add(msg("evil\u001b[2J", "a\u001b]0;pwned\u0007b\tc\r\u009b", 1), false);
        List<String> rows = render(80, 24);
        assertThat(String.join("\n", rows)).doesNotContain("\u001b", "\u0007", "\u009b", "\r");
        assertThat(rows.get(1)).endsWith("evil?[2J: a?]0;pwned?b    c??");
    }

    @Test
    void multiLinePayloads_andWideCharacters_keepTheirColumns() {
        model.join("general").add(msg("mazen", "line one\nline two 你好世界", 1), false);
        List<String> rows = render(80, 24);
        assertThat(rows.get(1)).endsWith("[10:02] mazen: line one");
        assertThat(rows.get(2)).endsWith("│        line two 你好世界");
    }

    @Test
    void narrowTerminal_hidesTheChannelList_andTinyOnesSaySo() {
        model.join("general").add(msg("mazen", "hello", 1), false);
        List<String> rows = render(40, 10);
        assertThat(rows.get(1)).isEqualTo("[10:02] mazen: hello");
        assertThat(rows.get(0)).endsWith("…");
        assertThat(render(10, 3).get(0)).startsWith("redcast:");
    }

    @Test
    void longInput_scrollsSidewaysToKeepTheCursorVisible() {
        model.input().insert("x".repeat(100) + "END");
        Screen s = ScreenRenderer.render(model, 80, 24);
        assertThat(s.text().get(23)).startsWith("> x").endsWith("END");
        assertThat(s.cursorCol()).isEqualTo(79);
        model.input().home();
        s = ScreenRenderer.render(model, 80, 24);
        assertThat(s.cursorCol()).isEqualTo(2);
        assertThat(s.text().get(23)).hasSize(80);
    }

    @Test
    void manyChannels_keepTheCurrentOneInView() {
        for (int i = 0; i < 40; i++) {
            model.join("ch" + i);
        }
        List<String> rows = render(80, 24);
        assertThat(rows.get(21)).startsWith(">ch39");
    }
}
