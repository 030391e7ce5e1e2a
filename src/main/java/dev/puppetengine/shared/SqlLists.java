package dev.puppetengine.shared;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Values for {@code IN (:values)} lists: distinct, at most {@value #MAX} to a list, so any database takes them. */
public final class SqlLists {

    /** The most values one {@code IN (…)} list carries (an agents page is at most 1,000). */
    public static final int MAX = 1_000;

    private SqlLists() {}

    /** The distinct values, in their order, as lists of at most {@link #MAX}; none for no values. */
    public static List<List<String>> chunks(Collection<String> values) {
        List<String> distinct = values.stream().distinct().toList();
        List<List<String>> chunks = new ArrayList<>();
        for (int from = 0; from < distinct.size(); from += MAX) {
            chunks.add(distinct.subList(from, Math.min(distinct.size(), from + MAX)));
        }
        return chunks;
    }
}
