package dev.puppetengine.persona.format;

import dev.puppetengine.shared.InputText;

/**
 * How long a string value of a persona file may be, in UTF-16 units (as the database and X count: most characters
 * 1, an emoji 2), and whether it may span lines. Every string value is checked against one: over the maximum, a
 * control character (other than line breaks and tabs in multi-line text) or a lone surrogate is a located problem,
 * never a database error later.
 */
record TextLimit(int maxLength, boolean multiline) {

    /** Short machine names: {@code llm_provider}, relationship keys (counterpart ids), timezones. */
    static final TextLimit IDENTIFIER = new TextLimit(64, false);

    /** Display names and model names: fits the sandbox account's display name and the usage ledger. */
    static final TextLimit NAME = new TextLimit(100, false);

    /** One-line descriptive words: {@code hashtag_style}, {@code capitalization}, timestamps. */
    static final TextLimit LABEL = new TextLimit(200, false);

    /** Credential values and {@code ${ENV_VAR}} references. */
    static final TextLimit SECRET = new TextLimit(2_000, false);

    /** Short free text: list items (traits, terms, rules, notes), voice, tone, speaking style, example posts. */
    static final TextLimit TEXT = new TextLimit(2_000, true);

    /** Longer free text: description, memories, example messages, strings in the trading blocks. */
    static final TextLimit LONG_TEXT = new TextLimit(10_000, true);

    /** System prompts: {@code custom_system_prompt}, each of {@code rotating_system_prompts}. */
    static final TextLimit PROMPT = new TextLimit(20_000, true);

    /** Most items a list may have. */
    static final int MAX_ITEMS = 1_000;

    /** Most prompts {@code rotating_system_prompts} may have. */
    static final int MAX_PROMPTS = 100;

    /** Why {@code text} breaks this limit, or null when it fits: the rules of {@link InputText}. */
    @org.jspecify.annotations.Nullable
    String problemWith(String text) {
        return new InputText(maxLength, multiline).problemWith(text);
    }
}
