package dev.puppetengine;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
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
