package dev.puppetengine.social.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The recent-search query language, the part the sandbox understands: {@code @handle} (mentions), {@code from:},
 * {@code to:}, {@code conversation_id:}, {@code is:reply}, {@code is:quote}, {@code is:retweet}, keywords and
 * {@code "exact phrases"}, negation with {@code -}, grouping with parentheses, {@code OR}; terms side by side are
 * ANDed, which binds tighter than {@code OR}, as on X. Anything else (another operator, an unbalanced parenthesis,
 * more than 512 characters) is X's 400.
 */
final class SandboxSearch {

    static final int MAX_LENGTH = 512;
    private static final Pattern TOKEN = Pattern.compile("\\s*(\\(|\\)|-?\"[^\"]*\"|-?[^\\s()\"]+)");
    private static final Pattern HANDLE = Pattern.compile("[A-Za-z0-9_]{1,50}");
    private static final Pattern ID = Pattern.compile("[0-9]{1,19}");

    /** A parsed query, compiled by {@link SandboxStore} into SQL. */
    sealed interface Term {}

    record Mentions(String usernameKey) implements Term {}

    record From(String usernameKey) implements Term {}

    record To(String usernameKey) implements Term {}

    record Conversation(long id) implements Term {}

    record Keyword(String lowerCaseText) implements Term {}

    /** {@code is:reply}, {@code is:quote}, {@code is:retweet} (the sandbox has no reposts: never true). */
    record Is(String what) implements Term {}

    record Not(Term term) implements Term {}

    record All(List<Term> terms) implements Term {}

    record Any(List<Term> terms) implements Term {}

    /** Why a query was refused, in X's words. */
    static final class Refused extends RuntimeException {
        private final String reason;

        Refused(String reason) {
            super(reason);
            this.reason = reason;
        }

        String reason() {
            return reason;
        }
    }

    private final List<String> tokens;
    private int next;

    private SandboxSearch(List<String> tokens) {
        this.tokens = tokens;
    }

    static Term parse(String query) {
        if (query.isBlank()) {
            throw new Refused("The `query` query parameter can not be empty");
        }
        if (query.length() > MAX_LENGTH) {
            throw new Refused("The `query` query parameter value is longer than " + MAX_LENGTH + " characters");
        }
        List<String> tokens = new ArrayList<>();
        Matcher matcher = TOKEN.matcher(query);
        int at = 0;
        while (at < query.length() && matcher.find(at) && matcher.start() == at) {
            tokens.add(matcher.group(1));
            at = matcher.end();
            while (at < query.length() && Character.isWhitespace(query.charAt(at))) {
                at++;
            }
        }
        if (at < query.length()) {
            throw new Refused(
                    "There were errors processing your request: unbalanced quote (at position " + (at + 1) + ")");
        }
        SandboxSearch parser = new SandboxSearch(tokens);
        Term term = parser.any();
        if (parser.next < tokens.size()) {
            throw new Refused("There were errors processing your request: unexpected '" + tokens.get(parser.next)
                    + "' (at token " + (parser.next + 1) + ")");
        }
        return term;
    }

    private Term any() {
        List<Term> terms = new ArrayList<>();
        terms.add(all());
        while (next < tokens.size() && tokens.get(next).equals("OR")) {
            next++;
            terms.add(all());
        }
        return terms.size() == 1 ? terms.getFirst() : new Any(List.copyOf(terms));
    }

    private Term all() {
        List<Term> terms = new ArrayList<>();
        while (next < tokens.size()
                && !tokens.get(next).equals(")")
                && !tokens.get(next).equals("OR")) {
            terms.add(unary());
        }
        if (terms.isEmpty()) {
            throw new Refused(
                    "There were errors processing your request: a term is missing (at token " + (next + 1) + ")");
        }
        return terms.size() == 1 ? terms.getFirst() : new All(List.copyOf(terms));
    }

    private Term unary() {
        String token = tokens.get(next++);
        if (token.equals("(")) {
            Term inner = any();
            if (next >= tokens.size() || !tokens.get(next).equals(")")) {
                throw new Refused("There were errors processing your request: missing ')'");
            }
            next++;
            return inner;
        }
        if (token.startsWith("-") && token.length() > 1) {
            return new Not(atom(token.substring(1)));
        }
        return atom(token);
    }

    private static Term atom(String token) {
        if (token.startsWith("\"")) {
            return new Keyword(token.substring(1, token.length() - 1).toLowerCase(Locale.ROOT));
        }
        if (token.startsWith("@")) {
            return new Mentions(handle(token.substring(1), token));
        }
        int colon = token.indexOf(':');
        if (colon < 0) {
            return new Keyword(token.toLowerCase(Locale.ROOT));
        }
        String operator = token.substring(0, colon);
        String value = token.substring(colon + 1);
        return switch (operator) {
            case "from" -> new From(handle(value.startsWith("@") ? value.substring(1) : value, token));
            case "to" -> new To(handle(value.startsWith("@") ? value.substring(1) : value, token));
            case "conversation_id" -> {
                if (!ID.matcher(value).matches()) {
                    throw new Refused(
                            "There were errors processing your request: invalid conversation_id '" + value + "'");
                }
                yield new Conversation(Long.parseLong(value));
            }
            case "is" -> {
                if (!List.of("reply", "quote", "retweet").contains(value)) {
                    throw new Refused("There were errors processing your request: Reference to invalid operator 'is:"
                            + value + "'");
                }
                yield new Is(value);
            }
            default ->
                throw new Refused(
                        "There were errors processing your request: Reference to invalid field '" + operator + "'");
        };
    }

    private static String handle(String value, String token) {
        if (!HANDLE.matcher(value).matches()) {
            throw new Refused("There were errors processing your request: invalid user name in '" + token + "'");
        }
        return SandboxUser.key(value);
    }
}
