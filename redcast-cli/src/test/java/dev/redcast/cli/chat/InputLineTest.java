package dev.redcast.cli.chat;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InputLineTest {
    private final InputLine input = new InputLine();

    @Test
    void editing_movesTheCursorByCodePoints() {
        input.insert("héllo 🎉");
        assertThat(input.cursor()).isEqualTo(7);
        input.left();
        input.backspace();
        assertThat(input.text()).isEqualTo("héllo🎉");
        input.home();
        input.delete();
        input.insert("H");
        assertThat(input.text()).isEqualTo("Héllo🎉");
        assertThat(input.beforeCursor()).isEqualTo("H");
        input.end();
        input.right();
        assertThat(input.cursor()).isEqualTo(6);
    }

    @Test
    void controlCharacters_areNotInserted() {
        input.insert("a\u001b[2Jb\u0007");
        assertThat(input.text()).isEqualTo("a[2Jb");
    }

    @Test
    void deleteWordBefore_removesTheWordAndTheSpacesAfterIt() {
        input.insert("/join general  ");
        input.deleteWordBefore();
        assertThat(input.text()).isEqualTo("/join ");
        input.deleteWordBefore();
        assertThat(input.text()).isEmpty();
        input.deleteWordBefore();
        assertThat(input.cursor()).isZero();
    }

    @Test
    void submittedLines_canBeRecalled() {
        input.insert("one");
        assertThat(input.submit()).isEqualTo("one");
        input.insert("two");
        input.submit();
        input.insert("two");
        input.submit();
        input.previous();
        assertThat(input.text()).isEqualTo("two");
        input.previous();
        assertThat(input.text()).isEqualTo("one");
        input.previous();
        assertThat(input.text()).isEqualTo("one");
        input.next();
        input.next();
        assertThat(input.text()).isEmpty();
        assertThat(input.isEmpty()).isTrue();
    }
}
