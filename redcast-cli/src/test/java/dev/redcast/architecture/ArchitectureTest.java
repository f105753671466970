package dev.redcast.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Confined to the test thread. The package structure documented in {@code docs/DEVELOPING.md},
 * checked over the compiled main classes of every module (this module sees them all): no package
 * cycles, the server's layers, and which module may use which.
 */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes =
                new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("dev.redcast");
    }

    /**
     * A package and its {@code internal} sub-package are one slice: the internal part implements
     * the public surface and uses its value types, as OkHttp's does. Between slices there is no
     * cycle; who may enter {@code internal} is checked separately below.
     */
    private static final SliceAssignment PACKAGES =
            new SliceAssignment() {
                @Override
                public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
                    String pkg = javaClass.getPackageName();
                    if (!pkg.startsWith("dev.redcast")) {
                        return SliceIdentifier.ignore();
                    }
                    return SliceIdentifier.of(pkg.replaceFirst("\\.internal$", ""));
                }

                @Override
                public String getDescription() {
                    return "packages of dev.redcast, each with its internal sub-package";
                }
            };

    @Test
    void packages_haveNoCycles() {
        SlicesRuleDefinition.slices()
                .assignedFrom(PACKAGES)
                .should()
                .beFreeOfCycles()
                .check(classes);
    }

    @Test
    void server_layers_dependOnlyDownwards() {
        layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("Wiring")
                .definedBy("dev.redcast.server")
                .layer("Transport")
                .definedBy("dev.redcast.server.transport..")
                .layer("Dialect")
                .definedBy("dev.redcast.server.dialect..")
                .layer("Api")
                .definedBy("dev.redcast.server.api..")
                .layer("Hub")
                .definedBy("dev.redcast.server.hub..")
                .layer("Variants")
                .definedBy("dev.redcast.server.*.memory..", "dev.redcast.server.*.redis..")
                .layer("Services")
                .definedBy(
                        "dev.redcast.server.broker",
                        "dev.redcast.server.cluster",
                        "dev.redcast.server.presence",
                        "dev.redcast.server.registry",
                        "dev.redcast.server.auth..",
                        "dev.redcast.server.metrics..")
                .layer("Foundation")
                .definedBy("dev.redcast.server.protocol..", "dev.redcast.server.config..")
                .whereLayer("Wiring")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("Transport")
                .mayOnlyBeAccessedByLayers("Wiring")
                .whereLayer("Dialect")
                .mayOnlyBeAccessedByLayers("Wiring", "Transport")
                .whereLayer("Api")
                .mayOnlyBeAccessedByLayers("Wiring", "Transport")
                .whereLayer("Hub")
                .mayOnlyBeAccessedByLayers("Wiring", "Transport", "Dialect")
                .whereLayer("Variants")
                .mayOnlyBeAccessedByLayers("Wiring")
                .whereLayer("Services")
                .mayOnlyBeAccessedByLayers(
                        "Wiring", "Transport", "Dialect", "Api", "Hub", "Variants")
                .whereLayer("Foundation")
                .mayNotAccessAnyLayer()
                .check(classes);
    }

    @Test
    void modules_useOnlyTheModulesBelowThem() {
        noClasses()
                .that()
                .resideInAnyPackage("dev.redcast.protocol..", "dev.redcast.wsclient..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.redcast.server..",
                        "dev.redcast.client..",
                        "dev.redcast.bench..",
                        "dev.redcast.cli..",
                        "dev.redcast.testkit..")
                .check(classes);
        noClasses()
                .that()
                .resideInAPackage("dev.redcast.protocol..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.redcast.wsclient..")
                .check(classes);
        noClasses()
                .that()
                .resideInAnyPackage("dev.redcast.server..", "dev.redcast.testkit..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.redcast.client..", "dev.redcast.bench..", "dev.redcast.cli..")
                .check(classes);
        noClasses()
                .that()
                .resideInAnyPackage("dev.redcast.client..", "dev.redcast.bench..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.redcast.server..", "dev.redcast.cli..")
                .check(classes);
        noClasses()
                .that()
                .resideInAPackage("dev.redcast.client..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.redcast.bench..")
                .check(classes);
    }

    @Test
    void internalPackages_areEnteredOnlyThroughTheirEntryPoints() {
        noClasses()
                .that()
                .resideInAPackage("dev.redcast.client")
                .and()
                .doNotHaveSimpleName("RedcastClient")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.redcast.client.internal")
                .check(classes);
        noClasses()
                .that()
                .resideOutsideOfPackages("dev.redcast.client..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.redcast.client.internal")
                .check(classes);
        noClasses()
                .that()
                .resideOutsideOfPackages("dev.redcast.bench", "dev.redcast.bench.internal")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.redcast.bench.internal")
                .check(classes);
    }
}
