package org.sra.kit.test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;
import org.springframework.web.bind.annotation.RestController;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The package boundaries every service keeps, checked on its compiled main classes (ArchUnit):
 * policy and rule classes stay plain Java, the feature packages do not depend on each other in a
 * circle, and HTTP endpoints live in {@code web} packages. A service's {@code ArchitectureTests}
 * extends this with its application class; the rules run as plain JUnit tests (the ArchUnit engine
 * is left out: it is built for the JUnit 5 platform and the build runs JUnit 6).
 */
public abstract class ServiceArchitectureContract {

    private static final Map<Class<?>, JavaClasses> IMPORTED = new ConcurrentHashMap<>();

    private final Class<?> application;
    private final String basePackage;

    protected ServiceArchitectureContract(Class<?> application) {
        this.application = application;
        this.basePackage = application.getPackageName();
    }

    private JavaClasses main() {
        return IMPORTED.computeIfAbsent(application, app -> new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(basePackage));
    }

    @Test
    void theImportFoundTheService() {
        // a rule over no classes passes whatever the code does
        assertThat(main().contain(application)).isTrue();
    }

    @Test
    void policiesAndRulesAreFreeOfSpring() {
        noClasses().that().haveSimpleNameEndingWith("Policy").or().haveSimpleNameEndingWith("Rules")
                .or().haveSimpleName("StatusFlow").or().resideInAPackage("..decision..")
                .should().dependOnClassesThat().resideInAPackage("org.springframework..")
                .allowEmptyShould(true)
                .check(main());
    }

    @Test
    void featurePackagesAreFreeOfCycles() {
        slices().matching(basePackage + ".(*)..").should().beFreeOfCycles().check(main());
    }

    @Test
    void restControllersLiveInWebPackages() {
        classes().that().areAnnotatedWith(RestController.class).should().resideInAPackage("..web..")
                .allowEmptyShould(true)
                .check(main());
    }
}
