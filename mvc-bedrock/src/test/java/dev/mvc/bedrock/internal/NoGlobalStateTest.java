package dev.mvc.bedrock.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Bedrock backend keeps no JVM-wide mutable state: the request guard finds each call's pin on
 * the call's own request, and cached request parts belong to one backend's operation. Every
 * static field of the module's classes is final and holds no collection or mutable holder.
 */
class NoGlobalStateTest {

  @Test
  void noClassOfTheBedrockModule_hasAStaticFieldThatCouldHoldStateAcrossBackends() throws Exception {
    List<String> offenders = new ArrayList<>();
    for (Class<?> type : classes()) {
      for (Field field : type.getDeclaredFields()) {
        int m = field.getModifiers();
        if (!Modifier.isStatic(m) || field.isSynthetic()) {
          continue;
        }
        boolean mutableType = Map.class.isAssignableFrom(field.getType())
            || java.util.Collection.class.isAssignableFrom(field.getType()) && !isImmutableConstant(field)
            || field.getType().getName().startsWith("java.util.concurrent.atomic.");
        if (!Modifier.isFinal(m) || mutableType) {
          offenders.add(type.getSimpleName() + "." + field.getName());
        }
      }
    }
    assertThat(offenders).isEmpty();
  }

  /** A {@code Set.of}/{@code List.of} constant is immutable; any other collection is state. */
  private static boolean isImmutableConstant(Field field) throws IllegalAccessException {
    field.setAccessible(true);
    Object value = field.get(null);
    return value != null && value.getClass().getName().startsWith("java.util.ImmutableCollections");
  }

  private static List<Class<?>> classes() throws IOException, URISyntaxException, ClassNotFoundException {
    Path root = Path.of(PinGuardInterceptor.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<Class<?>> classes = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root.resolve("dev/mvc/bedrock"))) {
      for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
        String name = root.relativize(file).toString().replace(java.io.File.separatorChar, '.');
        classes.add(Class.forName(name.substring(0, name.length() - ".class".length())));
      }
    }
    assertThat(classes).extracting(Class::getSimpleName).contains("PinGuardInterceptor", "ConverseMapping");
    return classes;
  }
}
