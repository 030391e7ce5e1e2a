package dev.puppetengine.solana;

import dev.puppetengine.shared.Names;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads values from a persona's trading blocks, which the persona model keeps as plain maps: a key in snake_case or
 * its camelCase alias, an absent key is the fallback, a value of the wrong type fails naming {@code where.key}. The
 * persona loader already reports wrong values of a trading persona with their JSON pointers; these checks keep a
 * file that skipped it (a persona that does not trade, a test's hand-made spec) from being misread.
 */
final class TradingBlock {

    private TradingBlock() {}

    static @Nullable Object value(Map<String, Object> block, String key) {
        Object value = block.get(key);
        return value != null ? value : block.get(Names.camelCase(key));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Map<String, Object> block, String key, String where) {
        Object value = value(block, key);
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(where + "." + key + " must be an object");
        }
        return (Map<String, Object>) map;
    }

    static boolean flag(Map<String, Object> block, String key, String where, boolean fallback) {
        Object value = value(block, key);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof Boolean b)) {
            throw new IllegalArgumentException(where + "." + key + " must be true or false");
        }
        return b;
    }

    /** A finite number ≥ 0, exactly as written. */
    static BigDecimal decimal(Map<String, Object> block, String key, String where, BigDecimal fallback) {
        Object value = value(block, key);
        if (value == null) {
            return fallback;
        }
        BigDecimal number;
        try {
            number = value instanceof Number ? new BigDecimal(value.toString()) : null;
        } catch (NumberFormatException notFinite) {
            number = null;
        }
        if (number == null || number.signum() < 0) {
            throw new IllegalArgumentException(where + "." + key + " must be a number ≥ 0");
        }
        return number;
    }

    static double number(Map<String, Object> block, String key, String where, double fallback) {
        return value(block, key) == null
                ? fallback
                : decimal(block, key, where, BigDecimal.ZERO).doubleValue();
    }

    /** A list of mint addresses, stripped, without empty entries (the original's {@code ""}) and repeats. */
    static List<String> mints(Map<String, Object> block, String key, String where) {
        Object value = value(block, key);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list) || !list.stream().allMatch(String.class::isInstance)) {
            throw new IllegalArgumentException(where + "." + key + " must be a list of mint addresses");
        }
        List<String> mints = new ArrayList<>();
        list.forEach(item -> {
            String mint = ((String) item).strip();
            if (!mint.isEmpty() && !mints.contains(mint)) {
                mints.add(mint);
            }
        });
        return List.copyOf(mints);
    }
}
