package dev.puppetengine;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The package rules of STYLE.md, checked on the production classes. */
class ArchitectureTest {

    private static final String[] DOMAIN_PACKAGES = {
        "dev.puppetengine.persona",
        "dev.puppetengine.agent",
        "dev.puppetengine.event",
        "dev.puppetengine.memory",
        "dev.puppetengine.llm"
    };

    /**
     * Who owns which table: the one package (a feature's adapter) whose SQL may name it; every other feature goes
     * through that feature's port. docs/architecture.md shows the same list.
     */
    static final Map<String, String> TABLE_OWNERS = Map.ofEntries(
            entry("persona_state", "agent.jdbc"),
            entry("relationship", "agent.jdbc"),
            entry("mention_cursor", "agent.jdbc"),
            entry("cast_search_cursor", "agent.jdbc"),
            entry("handled_input", "agent.jdbc"),
            entry("decision", "agent.jdbc"),
            entry("mood_history", "agent.jdbc"),
            entry("conversation_turn", "agent.jdbc"),
            entry("engine_node", "agent.jdbc"),
            entry("persona_lease", "agent.jdbc"),
            entry("memory", "memory.jdbc"),
            entry("llm_usage", "llm.jdbc"),
            entry("outbox", "social.jdbc"),
            entry("x_opt_out", "social.jdbc"),
            entry("x_usage", "social.twitter"),
            entry("x_oauth2_token", "social.twitter"),
            entry("sandbox_user", "social.sandbox"),
            entry("sandbox_post", "social.sandbox"),
            entry("sandbox_mention", "social.sandbox"),
            entry("sandbox_like", "social.sandbox"),
            entry("trade_ledger", "solana.jdbc"),
            entry("paper_holding", "solana.jdbc"),
            entry("event", "event"),
            entry("event_source", "event"),
            entry("feed_item", "event"),
            entry("scheduled_tasks", "event.scheduling"),
            entry("engine_clock", "shared"));

    private static final Path MAIN_SOURCES = Path.of("src/main/java");
    private static final Pattern SQL_TABLE =
            // "ON CONFLICT ... DO UPDATE SET" names no table
            Pattern.compile("\\b(?:FROM|INTO|UPDATE|JOIN|TABLE)\\s+(?!SET\\b)([A-Za-z_][A-Za-z0-9_]*)");
    private static final Pattern CREATED_TABLE =
            Pattern.compile("(?i)\\bCREATE\\s+TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?([A-Za-z_][A-Za-z0-9_]*)");

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.puppetengine");
    }

    @Test
    void domain_packages_do_not_use_web_jdbc_or_provider_sdks() {
        noClasses()
                .that()
                .resideInAnyPackage(DOMAIN_PACKAGES)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.springframework.web..",
                        "org.springframework.http..",
                        "jakarta.servlet..",
                        "org.springframework.jdbc..",
                        "java.sql..",
                        "javax.sql..",
                        "dev.langchain4j..",
                        "com.github.scribejava..",
                        "org.sol4k..",
                        "com.github.kagkarlsson..")
                .because("domain packages stay free of adapters (STYLE.md); adapters live in sub-packages")
                .check(classes);
    }

    @Test
    void feature_packages_have_no_cycles() {
        slices().matching("dev.puppetengine.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void packages_have_no_cycles_inside_features_either() {
        slices().matching("dev.puppetengine.(**)")
                .should()
                .beFreeOfCycles()
                .ignoreDependency(
                        com.tngtech.archunit.base.DescribedPredicate.describe(
                                "a feature's *Configuration (its wiring)",
                                (com.tngtech.archunit.core.domain.JavaClass origin) ->
                                        origin.getSimpleName().endsWith("Configuration")),
                        com.tngtech.archunit.base.DescribedPredicate.alwaysTrue())
                .check(classes);
    }

    @Test
    void adapter_packages_are_used_only_by_their_own_feature_and_configuration() {
        for (String feature : new String[] {"persona", "agent", "event", "memory", "llm", "social", "solana", "web"}) {
            noClasses()
                    .that()
                    .resideOutsideOfPackage("dev.puppetengine." + feature + "..")
                    .and()
                    .haveSimpleNameNotEndingWith("Configuration")
                    // the command line is a composition root too: it reads files through persona/format
                    .and()
                    .resideOutsideOfPackage("dev.puppetengine.cli..")
                    .should()
                    .dependOnClassesThat(resideInAdapterPackageOf(feature))
                    .allowEmptyShould(true)
                    .because("another feature goes through " + feature + "'s ports, not its adapters")
                    .check(classes);
        }
    }

    private static com.tngtech.archunit.base.DescribedPredicate<com.tngtech.archunit.core.domain.JavaClass>
            resideInAdapterPackageOf(String feature) {
        String root = "dev.puppetengine." + feature;
        return com.tngtech.archunit.base.DescribedPredicate.describe(
                "reside in an adapter package of " + feature,
                type -> type.getPackageName().startsWith(root + "."));
    }

    @Test
    void each_table_is_named_in_sql_only_by_its_owners_adapter() throws IOException {
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN_SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String pkg =
                        MAIN_SOURCES.relativize(file.getParent()).toString().replace('/', '.');
                Matcher sql = SQL_TABLE.matcher(stringLiterals(Files.readString(file)));
                while (sql.find()) {
                    String table = sql.group(1).toLowerCase(java.util.Locale.ROOT);
                    String owner = TABLE_OWNERS.get(table);
                    if (owner == null) {
                        violations.add(file + " names the table " + table + ", which has no owner in TABLE_OWNERS");
                    } else if (!pkg.equals("dev.puppetengine." + owner)
                            && !pkg.startsWith("dev.puppetengine." + owner + ".")) {
                        violations.add(file + " names the table " + table + " owned by " + owner
                                + ": go through that feature's port");
                    }
                }
            }
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void every_migrated_table_has_an_owner() throws IOException {
        TreeSet<String> created = new TreeSet<>();
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".sql")).toList()) {
                Matcher table = CREATED_TABLE.matcher(Files.readString(file));
                while (table.find()) {
                    created.add(table.group(1).toLowerCase(java.util.Locale.ROOT));
                }
            }
        }
        assertThat(created).isNotEmpty();
        assertThat(TABLE_OWNERS.keySet()).containsAll(created);
    }

    /** The contents of a Java source's string literals and text blocks, comments left out, one space between. */
    static String stringLiterals(String source) {
        StringBuilder literals = new StringBuilder();
        int i = 0;
        while (i < source.length()) {
            if (source.startsWith("//", i)) {
                int end = source.indexOf('\n', i);
                i = end < 0 ? source.length() : end;
            } else if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                i = end < 0 ? source.length() : end + 2;
            } else if (source.startsWith("\"\"\"", i)) {
                int end = source.indexOf("\"\"\"", i + 3);
                end = end < 0 ? source.length() : end;
                literals.append(source, i + 3, end).append(' ');
                i = Math.min(source.length(), end + 3);
            } else if (source.charAt(i) == '"' || source.charAt(i) == '\'') {
                char quote = source.charAt(i);
                int j = i + 1;
                while (j < source.length() && source.charAt(j) != quote) {
                    j += source.charAt(j) == '\\' ? 2 : 1;
                }
                if (quote == '"') {
                    literals.append(source, i + 1, Math.min(j, source.length())).append(' ');
                }
                i = j + 1;
            } else {
                i++;
            }
        }
        return literals.toString();
    }

    @Test
    void no_grab_bag_packages() {
        noClasses()
                .should()
                .resideInAnyPackage(
                        "..util..", "..utils..", "..common..", "..dto..", "..service..", "..impl..", "..manager..")
                .check(classes);
    }

    @Test
    void no_grab_bag_class_names() {
        noClasses()
                .should()
                .haveSimpleNameEndingWith("Impl")
                .orShould()
                .haveSimpleNameEndingWith("Manager")
                .orShould()
                .haveSimpleNameEndingWith("Helper")
                .orShould()
                .haveSimpleNameEndingWith("Utils")
                .check(classes);
    }

    @Test
    void time_comes_from_the_injected_clock() {
        noClasses()
                .that()
                .doNotHaveFullyQualifiedName("dev.puppetengine.shared.ClockConfiguration")
                .should()
                .callMethod(java.time.Instant.class, "now")
                .orShould()
                .callMethod(java.time.LocalDateTime.class, "now")
                .orShould()
                .callMethod(java.time.OffsetDateTime.class, "now")
                .orShould()
                .callMethod(java.time.ZonedDateTime.class, "now")
                .orShould()
                .callMethod(java.time.LocalDate.class, "now")
                .orShould()
                .callMethod(java.time.LocalTime.class, "now")
                .orShould()
                .callMethod(java.time.Clock.class, "systemUTC")
                .orShould()
                .callMethod(java.time.Clock.class, "systemDefaultZone")
                .orShould()
                .callMethod(java.time.Clock.class, "system", java.time.ZoneId.class)
                .orShould()
                .callMethod(System.class, "currentTimeMillis")
                .because("time is injected as a java.time.Clock so tests and --speed control it")
                .check(classes);
    }

    @Test
    void every_package_is_null_marked() {
        classes()
                .should()
                .resideInAPackage("dev.puppetengine..")
                .andShould(new com.tngtech.archunit.lang.ArchCondition<>("be in a @NullMarked package") {
                    @Override
                    public void check(
                            com.tngtech.archunit.core.domain.JavaClass item,
                            com.tngtech.archunit.lang.ConditionEvents events) {
                        boolean marked = item.getPackage()
                                .tryGetPackageInfo()
                                .map(info -> info.isAnnotatedWith(org.jspecify.annotations.NullMarked.class))
                                .orElse(false);
                        if (!marked) {
                            events.add(com.tngtech.archunit.lang.SimpleConditionEvent.violated(
                                    item, item.getPackageName() + " has no @NullMarked package-info.java"));
                        }
                    }
                })
                .check(classes);
    }
}
