package dev.puppetengine.shared;

/** Spellings of one key: the persona files' and events' {@code snake_case} and the {@code camelCase} also accepted. */
public final class Names {

    private Names() {}

    /** {@code like_probability} → {@code likeProbability}. */
    public static String camelCase(String snake) {
        StringBuilder camel = new StringBuilder(snake.length());
        boolean upper = false;
        for (char c : snake.toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                camel.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return camel.toString();
    }
}
