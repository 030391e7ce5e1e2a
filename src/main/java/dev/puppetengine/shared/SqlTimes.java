package dev.puppetengine.shared;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.jspecify.annotations.Nullable;

/** Reading {@code TIMESTAMP WITH TIME ZONE} columns as instants, the same on H2 and PostgreSQL. */
public final class SqlTimes {

    private SqlTimes() {}

    /** The column's instant, or null when it is SQL NULL. */
    public static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** The column's instant; a NULL is an {@link SQLException} naming the column. */
    public static Instant requiredInstant(ResultSet rs, String column) throws SQLException {
        Instant value = instant(rs, column);
        if (value == null) {
            throw new SQLException(column + " is null");
        }
        return value;
    }
}
