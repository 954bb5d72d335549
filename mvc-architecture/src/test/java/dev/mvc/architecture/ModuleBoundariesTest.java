package dev.mvc.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package rules between modules, checked on every module's main classes (tests may reach
 * further). Each module's {@code target/classes} is imported on its own, so every class is
 * attributed to the module that compiled it.
 */
class ModuleBoundariesTest {
  private static final Path ROOT = Path.of(System.getProperty("mvc.projectRoot", "..")).toAbsolutePath().normalize();

  private static JavaClasses all;

  @BeforeAll
  static void importMainClasses() throws IOException {
    List<Path> dirs = moduleClassDirectories();
    all = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPaths(dirs);
  }

  @Test
  void everyModuleIsImported_soTheRulesSeeAllOfThem() throws IOException {
    assertThat(moduleClassDirectories()).extracting(d -> d.getParent().getParent().getFileName().toString())
        .contains("mvc-api", "mvc-emulators", "mvc-testkit", "mvc-s3", "mvc-bedrock", "mvc-sagemaker",
            "mvc-lambda", "mvc-opentelemetry", "mvc-micrometer", "mvc-cli", "mvc-benchmarks", "samples",
            "mvc-spring-boot-autoconfigure", "mvc-spring-ai", "mvc-langchain4j", "spring-boot");
    assertThat(all.contain("dev.mvc.PinnedModelClient")).isTrue();
    assertThat(all.contain("dev.mvc.micrometer.MvcMetrics")).isTrue();
  }

  @Test
  void noModule_usesAnotherModulesInternalPackage() {
    noOtherModulesInternals().check(all);
  }

  @Test
  void mvcApi_hasNoAwsSdkDependency() {
    JavaClasses api = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPath(ROOT.resolve("mvc-api/target/classes"));
    assertThat(api.contain("dev.mvc.PinnedModelClient")).isTrue();
    noAwsSdk().check(api);
  }

  @Test
  void internalRule_failsOnAClassThatUsesAnotherModulesInternalPackage() {
    JavaClasses withFixture = new ClassFileImporter().importPaths(ROOT.resolve("mvc-api/target/classes"),
        ROOT.resolve("mvc-architecture/target/test-classes/dev/mvc/architecture/fixture"));
    assertThatThrownBy(() -> noOtherModulesInternals().check(withFixture)).isInstanceOf(AssertionError.class)
        .hasMessageContaining("mvc-architecture uses mvc-api's internal class dev.mvc.internal.Ids")
        .hasMessageContaining("UsesApiInternals.id()");
  }

  @Test
  void awsRule_failsOnAClassThatNamesAnAwsSdkType() {
    JavaClasses fixture = new ClassFileImporter()
        .importPath(ROOT.resolve("mvc-architecture/target/test-classes/dev/mvc/architecture/fixture"));
    assertThatThrownBy(() -> noAwsSdk().check(fixture)).isInstanceOf(AssertionError.class)
        .hasMessageContaining("UsesAwsSdk.region()")
        .hasMessageContaining("software.amazon.awssdk.regions.Region");
  }

  /** The rule that no class depends on a class of an {@code internal} package compiled by another module. */
  static ArchRule noOtherModulesInternals() {
    return com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes()
        .should(new ArchCondition<JavaClass>("not depend on another module's internal package") {
          @Override
          public void check(JavaClass origin, ConditionEvents events) {
            String from = module(origin);
            for (Dependency d : origin.getDirectDependenciesFromSelf()) {
              JavaClass target = d.getTargetClass().getBaseComponentType();
              if (!isInternal(target.getPackageName())) {
                continue;
              }
              String to = module(target);
              if (to != null && !to.equals(from)) {
                events.add(SimpleConditionEvent.violated(d, from + " uses " + to + "'s internal class "
                    + target.getName() + ": " + d.getDescription()));
              }
            }
          }
        });
  }

  /** The rule that no class depends on the AWS SDK ({@code software.amazon..}). */
  static ArchRule noAwsSdk() {
    return noClasses().should().dependOnClassesThat().resideInAPackage("software.amazon..")
        .because("mvc-api is the provider-neutral core; the AWS SDK belongs to the backend modules");
  }

  static boolean isInternal(String packageName) {
    return packageName.endsWith(".internal") || packageName.contains(".internal.");
  }

  /** Returns the module directory a class was compiled into, or null for a class outside the project. */
  static String module(JavaClass c) {
    return c.getSource()
        .map(s -> s.getUri())
        .filter(u -> "file".equals(u.getScheme()))
        .map(u -> Path.of(u).toAbsolutePath().normalize())
        .filter(p -> p.startsWith(ROOT))
        .map(p -> ROOT.relativize(p).getName(0).toString())
        .orElse(null);
  }

  static List<Path> moduleClassDirectories() throws IOException {
    List<Path> dirs = new ArrayList<>();
    for (Path parent : List.of(ROOT, ROOT.resolve("samples"))) {
      try (Stream<Path> modules = Files.list(parent)) {
        modules.filter(m -> Files.isRegularFile(m.resolve("pom.xml")))
            .map(m -> m.resolve("target/classes"))
            .filter(Files::isDirectory)
            .sorted()
            .forEach(dirs::add);
      }
    }
    return dirs;
  }
}
