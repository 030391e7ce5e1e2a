package dev.puppetengine.shared;

import java.util.List;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;

/**
 * A settings record as its {@code @DefaultValue}s make it when nothing is set, so the defaults are declared once, on
 * the record, and code outside Spring (tests, tools) gets the same values.
 */
public final class SettingDefaults {

    private static final Binder NOTHING_SET = new Binder(List.of());

    private SettingDefaults() {}

    public static <T> T of(Class<T> type) {
        return NOTHING_SET.bindOrCreate("defaults", Bindable.of(type));
    }
}
