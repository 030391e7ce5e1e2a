package dev.puppetengine.social;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PublishedTextTest {

    @Nested
    class Matches_what_X_returns {

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
                entities                | Tea > coffee & that's final <3              | Tea &gt; coffee &amp; that's final &lt;3
                an entity we wrote      | AT&amp;T is down again                       | AT&amp;amp;T is down again
                a link                  | New essay: https://example.com/tea?a=1&b=2 — thoughts? | New essay: https://t.co/3kVxRk5mQh — thoughts?
                a bare domain           | read more at example.org.                    | read more at https://t.co/Ab3dEfGh1j.
                a link in brackets      | (via https://news.example.com/a/b)           | (via https://t.co/Zx9Yw8Vu7T)
                two links               | https://a.example/x and www.b.example/y      | https://t.co/aaaaaaaaaa and https://t.co/bbbbbbbbbb
                trimmed                 | "  first light, first tea  "                 | first light, first tea
                reply handles           | glad you liked it                            | @reader @juniper glad you liked it
                """)
        void is_the_same_post(String example, String sent, String published) {
            assertThat(PublishedText.same(sent, published)).as(example).isTrue();
        }

        @Test
        void decomposed_accents_equal_X_s_NFC() {
            assertThat(PublishedText.same(
                            "cafe\u0301 cre\u0300me bru\u0302le\u0301e", "caf\u00e9 cr\u00e8me br\u00fbl\u00e9e"))
                    .isTrue();
        }

        @Test
        void collapsed_whitespace_and_newlines() {
            assertThat(PublishedText.same("morning\n\n\ttea   first", "morning\ntea first"))
                    .isTrue();
        }

        @Test
        void emoji_and_entities_together() {
            assertThat(PublishedText.same("rain & 🍵 > sun", "rain &amp; 🍵 &gt; sun"))
                    .isTrue();
        }
    }

    @Nested
    class Tells_apart {

        @ParameterizedTest(name = "{0} / {1}")
        @CsvSource(delimiter = '|', textBlock = """
                tea is a mood                        | tea is a vibe
                read https://example.com today       | read https://t.co/3kVxRk5mQh tomorrow
                Tea > coffee                         | Tea &lt; coffee
                a & b                                | a b
                """)
        void different_posts(String sent, String published) {
            assertThat(PublishedText.same(sent, published)).isFalse();
        }
    }

    @Test
    void canonical_form_is_decoded_masked_and_collapsed() {
        assertThat(PublishedText.canonical("  @bob  Tom &amp; Jerry\n see https://t.co/abcdefghij  "))
                .isEqualTo("Tom & Jerry see " + PublishedText.LINK);
    }
}
