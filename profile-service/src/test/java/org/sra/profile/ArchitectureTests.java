package org.sra.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.web.bind.annotation.RestController;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The package boundaries of profile-service, checked on its compiled main classes (ArchUnit): rules
 * stay plain Java, the feature packages do not depend on each other in a circle, and HTTP
 * endpoints live in {@code web} packages.
 */
class ArchitectureTests {

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.sra.profile");
    }

    @Test
    void theImportFoundTheService() {
        // a rule over no classes passes whatever the code does
        assertThat(main.contain(ProfileServiceApplication.class)).isTrue();
    }

    @Test
    void policiesAndRulesAreFreeOfSpring() {
        noClasses().that().haveSimpleNameEndingWith("Policy").or().haveSimpleNameEndingWith("Rules")
                .or().haveSimpleName("StatusFlow").or().resideInAPackage("..decision..")
                .should().dependOnClassesThat().resideInAPackage("org.springframework..")
                .allowEmptyShould(true)
                .check(main);
    }

    @Test
    void featurePackagesAreFreeOfCycles() {
        slices().matching("org.sra.profile.(*)..").should().beFreeOfCycles().check(main);
    }

    @Test
    void restControllersLiveInWebPackages() {
        classes().that().areAnnotatedWith(RestController.class).should().resideInAPackage("..web..")
                .allowEmptyShould(true)
                .check(main);
    }
}
