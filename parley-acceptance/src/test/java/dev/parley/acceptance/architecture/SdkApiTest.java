package dev.parley.acceptance.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The SDK's API is its own model: an application written against {@code dev.parley.client} never
 * sees a wire frame, so a change of the protocol's frames stops at the SDK's converter ({@code
 * dev.parley.client.sync.WireModel}). The internal packages (their package docs say so) speak
 * frames where they speak the protocol.
 */
class SdkApiTest {
  private static final String[] INTERNAL =
      new String[] {
        "dev.parley.client.store..",
        "dev.parley.client.sync..",
        "dev.parley.client.outbox..",
        "dev.parley.client.transport.."
      };

  private static JavaClasses sdk;

  @BeforeAll
  static void importClasses() {
    sdk =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.parley.client");
  }

  @Test
  void sdkApiExposesNoWireTypes() {
    classes()
        .that()
        .resideInAPackage("dev.parley.client..")
        .and()
        .resideOutsideOfPackages(INTERNAL)
        .and()
        .arePublic()
        // Request/reply matching by ref: internal, though it sits beside ParleyRequestException.
        .and()
        .doNotHaveFullyQualifiedName("dev.parley.client.request.PendingRequests")
        .should(exposeNoProtocolTypeInPublicSignatures())
        .check(sdk);
  }

  private static ArchCondition<JavaClass> exposeNoProtocolTypeInPublicSignatures() {
    return new ArchCondition<>(
        "expose no dev.parley.protocol type in a public or protected member") {
      @Override
      public void check(JavaClass c, ConditionEvents events) {
        List<String> found = new ArrayList<>();
        List<JavaType> supertypes = new ArrayList<>();
        c.getSuperclass().ifPresent(supertypes::add);
        supertypes.addAll(c.getInterfaces());
        supertypes.forEach(t -> report(c.getName() + " extends", t, found));
        for (JavaField f : c.getFields()) {
          if (visible(f.getModifiers())) {
            report(f.getFullName(), f.getType(), found);
          }
        }
        for (JavaCodeUnit u : c.getCodeUnits()) {
          if (!visible(u.getModifiers())) {
            continue;
          }
          report(u.getFullName() + " returns", u.getReturnType(), found);
          u.getParameterTypes().forEach(t -> report(u.getFullName() + " takes", t, found));
        }
        found.forEach(message -> events.add(SimpleConditionEvent.violated(c, message)));
      }
    };
  }

  private static boolean visible(java.util.Set<JavaModifier> modifiers) {
    return modifiers.contains(JavaModifier.PUBLIC) || modifiers.contains(JavaModifier.PROTECTED);
  }

  private static void report(String where, JavaType type, List<String> found) {
    for (JavaClass involved : type.getAllInvolvedRawTypes()) {
      if (involved.getPackageName().startsWith("dev.parley.protocol")) {
        found.add(where + " " + involved.getName());
      }
    }
  }
}
