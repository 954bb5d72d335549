package dev.mvc.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class whose test methods receive a ready {@link dev.mvc.PinnedModelClient} and
 * its {@link InMemoryModelBackend} as parameters. The manifest is {@link #manifest()} (any URI
 * {@link dev.mvc.ManifestSources#of} accepts) or, when empty, a Bedrock test manifest with
 * template {@link #template()}. Each test method gets a fresh backend and client, closed after it.
 *
 * <pre>{@code
 * @MvcTest(template = "Answer: {{question}}")
 * class SupportTest {
 *   @Test
 *   void answers(PinnedModelClient client, InMemoryModelBackend backend) {
 *     backend.otherwise().reply("42");
 *     assertThat(client.invoke(Map.of("question", "?"))).hasText("42");
 *   }
 * }
 * }</pre>
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(MvcExtension.class)
public @interface MvcTest {
  /** Returns the manifest URI, such as {@code classpath:manifests/app.json}; empty for a test manifest. */
  String manifest() default "";

  /** Returns the template of the generated test manifest, used when {@link #manifest()} is empty. */
  String template() default "Answer: {{question}}";
}
