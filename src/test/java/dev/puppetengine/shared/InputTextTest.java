package dev.puppetengine.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class InputTextTest {

    @Test
    void accepts_text_within_its_bound_counting_utf16_units() {
        assertThat(InputText.line(3).problemWith("abc")).isNull();
        assertThat(InputText.line(2).problemWith("\uD83D\uDE00")).isNull();
        assertThat(InputText.text(10).problemWith("a\nb\tc")).isNull();
    }

    @Test
    void refuses_over_long_control_characters_and_lone_surrogates() {
        assertThat(InputText.line(3).problemWith("abcd")).isEqualTo("must be at most 3 characters (got 4)");
        assertThat(InputText.text(10).problemWith("a\u0000")).contains("control characters", "\\u0000");
        assertThat(InputText.text(10).problemWith("a\r\nb"))
                .as("a form's line break")
                .isNull();
        assertThat(InputText.line(10).problemWith("a\rb")).isEqualTo("must be one line (found \\r at character 2)");
        assertThat(InputText.text(10).problemWith("a\u0085")).contains("control characters");
        assertThat(InputText.text(10).problemWith("a\uD800b")).contains("lone surrogate", "\\ud800");
        assertThat(InputText.text(10).problemWith("\uDC00")).contains("lone surrogate");
        assertThat(InputText.line(10).problemWith("a\nb")).contains("one line");
        assertThat(InputText.line(10).problemWith("a\u202Eb")).contains("bidirectional");
    }

    @Test
    void require_names_the_field_without_echoing_the_value() {
        assertThatThrownBy(() -> InputText.QUERY.require("query", "secret\u0000"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).isEqualTo("query");
                    assertThat(e.getMessage()).startsWith("query: ").doesNotContain("secret");
                });
    }
}
