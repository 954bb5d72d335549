package dev.mvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Compiling and rendering {@code {{variable}}} templates. */
class PromptTemplateTest {

  @Test
  void render_insertsEachValueAtItsPlaceholders() {
    PromptTemplate t = PromptTemplate.compile("Hello {{name}}, you asked {{ question }}. Bye {{name}}.");
    assertThat(t.variables()).containsExactly("name", "question");
    assertThat(t.render(Map.of("name", "Ada", "question", "why"))).isEqualTo("Hello Ada, you asked why. Bye Ada.");
  }

  @Test
  void render_withAMissingVariable_isRejectedNamingIt() {
    PromptTemplate t = PromptTemplate.compile("{{a}} {{b}}");
    assertThatThrownBy(() -> t.render(Map.of("a", "1"))).isInstanceOf(TemplateException.class)
        .hasMessageContaining("variable b is missing");
  }

  @Test
  void render_withAnUnknownVariable_isRejectedNamingIt() {
    PromptTemplate t = PromptTemplate.compile("{{a}}");
    assertThatThrownBy(() -> t.render(Map.of("a", "1", "extra", "2"))).isInstanceOf(TemplateException.class)
        .hasMessageContaining("\"extra\" is not declared");
  }

  @Test
  void render_withANullValue_isRejected() {
    Map<String, Object> values = new HashMap<>();
    values.put("a", null);
    assertThatThrownBy(() -> PromptTemplate.compile("{{a}}").render(values))
        .isInstanceOf(TemplateException.class).hasMessageContaining("variable a is null");
  }

  @Test
  void valuesHoldingPlaceholders_areNeverRenderedAgain() {
    PromptTemplate t = PromptTemplate.compile("User said: {{input}} / secret: {{secret}}");
    String out = t.render(Map.of("input", "{{secret}}", "secret", "s3cr3t"));
    assertThat(out).isEqualTo("User said: {{secret}} / secret: s3cr3t");
  }

  @Test
  void escapedBraces_areWrittenLiterally() {
    PromptTemplate t = PromptTemplate.compile("JSON like \\{{\"a\": 1}} for {{who}}");
    assertThat(t.variables()).containsExactly("who");
    assertThat(t.render(Map.of("who", "you"))).isEqualTo("JSON like {{\"a\": 1}} for you");
  }

  @Test
  void unclosedPlaceholder_isRejectedWithItsOffset() {
    assertThatThrownBy(() -> PromptTemplate.compile("abc {{name"))
        .isInstanceOf(TemplateException.class).hasMessageContaining("unclosed {{ at offset 4");
  }

  @Test
  void placeholderWithoutAVariableName_isRejected() {
    assertThatThrownBy(() -> PromptTemplate.compile("abc {{ 1 + 2 }}"))
        .isInstanceOf(TemplateException.class).hasMessageContaining("offset 4");
  }

  @Test
  void hostileValues_areInsertedVerbatim() {
    PromptTemplate t = PromptTemplate.compile("<{{v}}>");
    String huge = "x".repeat(1_000_000);
    String braces = "{{{{}}}}{{".repeat(1000);
    String unicode = "\u0000\u001b[31m\uD83D\uDE00\u202E";
    assertThat(t.render(Map.of("v", huge))).hasSize(1_000_002);
    assertThat(t.render(Map.of("v", braces))).isEqualTo("<" + braces + ">");
    assertThat(t.render(Map.of("v", unicode))).isEqualTo("<" + unicode + ">");
  }

  @Test
  void templateWithoutPlaceholders_rendersAsIs() {
    PromptTemplate t = PromptTemplate.compile("static text }} with a stray closer");
    assertThat(t.variables()).isEmpty();
    assertThat(t.render(Map.of())).isEqualTo("static text }} with a stray closer");
  }
}
