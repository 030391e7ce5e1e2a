package dev.puppetengine.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.twitter.twittertext.TwitterTextParser;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PostTextTest {

    private static final String[] PIECES = {
        " ",
        "\n",
        ".",
        "\r",
        "\t",
        "a",
        "Z",
        "7",
        "#",
        "*",
        "@",
        ":",
        "/",
        "-",
        "_",
        "'",
        "!",
        "?",
        "😀",
        "👩‍💻",
        "🇫🇷",
        "1️⃣",
        "❤️",
        "漢",
        "字",
        "日本語",
        "é",
        "e\u0301",
        "ß",
        "—",
        "…",
        "’",
        "\u202A",
        "\uFEFF",
        "https://example.com/x",
        "http://localhost:8080/path",
        "example.com",
        "t.co",
        "www.x.org",
        "foo@bar",
        "@ada_lovelace",
        "#TidePools",
        "$BTC",
        "http:",
        "https://",
        "localhost",
        "a:b/c",
        "ftp://files",
        ". ",
        ".\n",
        "...",
        "example. com",
        "end.",
        "3.5",
        "127.0.0.1",
        "a.-b",
        "a._b",
        "x.co. ",
        "Hello there. This is fine."
    };

    @Nested
    class Weighted_length {

        @Test
        void equals_twitter_text_on_generated_texts() {
            Random random = new Random(20261202L);
            for (int i = 0; i < 1_500; i++) {
                String text = generated(random, random.nextInt(i % 10 == 0 ? 400 : 60));
                assertThat(PostText.weightedLength(text))
                        .as("weighted length of %s", text)
                        .isEqualTo(TwitterTextParser.parseTweet(text).weightedLength);
            }
        }

        @Test
        void equals_twitter_text_on_every_ascii_character_after_a_dot() {
            for (char c = 0x20; c < 0x7F; c++) {
                for (String text :
                        new String[] {"see example." + c + "com now", "word." + c + "co", "1." + c + "2.3.4"}) {
                    assertThat(PostText.weightedLength(text))
                            .as("weighted length of %s", text)
                            .isEqualTo(TwitterTextParser.parseTweet(text).weightedLength);
                }
            }
        }

        @Test
        void equals_twitter_text_on_every_printable_ascii_character() {
            for (char c = 0; c < 0x80; c++) {
                String text = "x" + c + "y " + c;
                assertThat(PostText.weightedLength(text))
                        .as("weighted length with U+%04X", (int) c)
                        .isEqualTo(TwitterTextParser.parseTweet(text).weightedLength);
            }
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "plain words with no dot at all",
                    "see example.com today",
                    "https://example.com",
                    "http://localhost:8080 counts how",
                    "tide pools 🌊",
                    "潮だまり",
                    "line one\nline two",
                    "a:b/c and x/y"
                })
        void equals_twitter_text_on_typical_posts(String text) {
            assertThat(PostText.weightedLength(text)).isEqualTo(TwitterTextParser.parseTweet(text).weightedLength);
        }
    }

    @Nested
    class Valid_post {

        @Test
        void equals_twitter_text_and_not_blank_on_generated_texts() {
            Random random = new Random(7L);
            for (int i = 0; i < 1_500; i++) {
                String text = generated(random, 260 + random.nextInt(40));
                assertThat(PostText.isValidPost(text))
                        .as("validity of %s", text)
                        .isEqualTo(!text.isBlank() && TwitterTextParser.parseTweet(text).isValid);
            }
        }

        @Test
        void refuses_blank_and_too_long_texts_and_accepts_280_characters() {
            assertThat(PostText.isValidPost("")).isFalse();
            assertThat(PostText.isValidPost(" \n ")).isFalse();
            assertThat(PostText.isValidPost("a".repeat(280))).isTrue();
            assertThat(PostText.isValidPost("a".repeat(281))).isFalse();
            assertThat(PostText.isValidPost("漢".repeat(141))).isFalse();
        }
    }

    private static String generated(Random random, int pieces) {
        StringBuilder text = new StringBuilder();
        boolean asciiOnly = random.nextBoolean();
        for (int i = 0; i < pieces; i++) {
            String piece = PIECES[random.nextInt(PIECES.length)];
            if (asciiOnly) {
                char c = (char) (0x20 + random.nextInt(0x5F));
                piece = random.nextInt(20) == 0 ? "\n" : c == '.' && random.nextBoolean() ? "q" : String.valueOf(c);
            }
            text.append(piece);
        }
        return text.toString();
    }
}
