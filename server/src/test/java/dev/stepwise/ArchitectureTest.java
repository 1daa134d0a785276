package dev.stepwise;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Keeps the one-way flow of DESIGN.md: http -> auth, protocol -> service -> aggregate -> store -> model -> stats. */
@AnalyzeClasses(packages = "dev.stepwise", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule layers =
      layeredArchitecture()
          .consideringOnlyDependenciesInLayers()
          .layer("Main").definedBy("dev.stepwise")
          .layer("Http").definedBy("dev.stepwise.http..")
          .layer("Auth").definedBy("dev.stepwise.auth..")
          .layer("Protocol").definedBy("dev.stepwise.protocol..")
          .layer("Service").definedBy("dev.stepwise.service..")
          .layer("Aggregate").definedBy("dev.stepwise.aggregate..")
          .layer("Store").definedBy("dev.stepwise.store..")
          .layer("Config").definedBy("dev.stepwise.config..")
          .layer("Api").definedBy("dev.stepwise.api..")
          .layer("Model").definedBy("dev.stepwise.model..")
          .layer("Stats").definedBy("dev.stepwise.stats..")
          .layer("Observe").definedBy("dev.stepwise.observe..")
          .whereLayer("Main").mayNotBeAccessedByAnyLayer()
          .whereLayer("Http").mayOnlyBeAccessedByLayers("Main")
          .whereLayer("Auth").mayOnlyBeAccessedByLayers("Main", "Http")
          .whereLayer("Protocol").mayOnlyBeAccessedByLayers("Http")
          .whereLayer("Service").mayOnlyBeAccessedByLayers("Main", "Http", "Protocol")
          .whereLayer("Aggregate").mayOnlyBeAccessedByLayers("Http", "Protocol", "Service")
          .whereLayer("Store").mayOnlyBeAccessedByLayers("Main", "Service", "Aggregate")
          .whereLayer("Config").mayOnlyBeAccessedByLayers("Main", "Http", "Service")
          .whereLayer("Observe").mayOnlyBeAccessedByLayers("Main", "Http")
          .whereLayer("Model").mayOnlyBeAccessedByLayers("Main", "Http", "Protocol", "Service", "Aggregate", "Store")
          .whereLayer("Stats").mayOnlyBeAccessedByLayers("Http", "Protocol", "Service", "Aggregate", "Store", "Model");

  @ArchTest
  static final ArchRule noCycles = slices().matching("dev.stepwise.(*)..").should().beFreeOfCycles();

  @ArchTest
  static final ArchRule storeKnowsNoWebOrJson =
      com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses()
          .that().resideInAPackage("dev.stepwise.store..")
          .should().dependOnClassesThat().resideInAnyPackage("io.javalin..", "org.eclipse.jetty..", "tools.jackson..");
}
