package dev.redcast.cli.chat;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChatInputTest {
    @Test
    void commands() {
        assertThat(ChatInput.parse("/join general")).isEqualTo(new ChatInput.Join("general"));
        assertThat(ChatInput.parse("/JOIN   general  ")).isEqualTo(new ChatInput.Join("general"));
        assertThat(ChatInput.parse("/leave")).isEqualTo(new ChatInput.Leave(null));
        assertThat(ChatInput.parse("/leave random")).isEqualTo(new ChatInput.Leave("random"));
        assertThat(ChatInput.parse("/channels")).isEqualTo(new ChatInput.Channels());
        assertThat(ChatInput.parse("/who")).isEqualTo(new ChatInput.Who());
        assertThat(ChatInput.parse("/send hi there")).isEqualTo(new ChatInput.Send("hi there"));
        assertThat(ChatInput.parse("/quit")).isEqualTo(new ChatInput.Quit());
        assertThat(ChatInput.parse("/help")).isEqualTo(new ChatInput.Help());
    }

    @Test
    void plainText_andEscapedSlash_areMessages() {
        assertThat(ChatInput.parse("  hello ")).isEqualTo(new ChatInput.Send("  hello "));
        assertThat(ChatInput.parse("//etc/passwd")).isEqualTo(new ChatInput.Send("/etc/passwd"));
        assertThat(ChatInput.parse("   ")).isEqualTo(new ChatInput.Nothing());
    }

    @Test
    void mistakes_sayWhatToDo() {
        assertThat(ChatInput.parse("/join"))
                .isEqualTo(new ChatInput.Invalid("usage: /join <channel>"));
        assertThat(ChatInput.parse("/join a b"))
                .isEqualTo(new ChatInput.Invalid("a channel name has no spaces: 'a b'"));
        assertThat(ChatInput.parse("/send"))
                .isEqualTo(new ChatInput.Invalid("usage: /send <message>"));
        assertThat(ChatInput.parse("/nope x"))
                .isEqualTo(new ChatInput.Invalid("unknown command /nope; /help lists them"));
    }
}
