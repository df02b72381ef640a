package org.sra.auth;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RestController;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The package rules of auth-service's main code (tests excluded): the decision policy is plain
 * Java, the packages form no cycle, and HTTP controllers live only where the HTTP surface is.
 */
@AnalyzeClasses(packages = "org.sra.auth", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

    @ArchTest
    static final ArchRule decisionPolicyIsPlainJava = noClasses().that().resideInAPackage("org.sra.auth.decision..")
            .should().dependOnClassesThat().resideInAPackage("org.springframework..")
            .because("the decision rules are plain policy code, testable without a Spring context");

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("org.sra.auth.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule controllersOnlyInWebPackages = classes().that().areAnnotatedWith(RestController.class)
            .or().areAnnotatedWith(Controller.class)
            .should().resideInAnyPackage("org.sra.auth..web..", "org.sra.auth.httpapi..")
            .because("the HTTP surface is the httpapi package and each feature's web package");
}
