package dev.mvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Braces next to placeholders: closing braces, escapes and adjacent placeholders. */
class PromptTemplateBracesTest {

  @Test
  void closingBracesJustBeforeAPlaceholder_areLiteralText() {
    PromptTemplate t = PromptTemplate.compile("done}}{{x}}");
    assertThat(t.variables()).containsExactly("x");
    assertThat(t.render(Map.of("x", "V"))).isEqualTo("done}}V");
  }

  @Test
  void closingBracesOneCharacterBeforeAPlaceholder_areLiteralText() {
    assertThat(PromptTemplate.compile("a}} {{x}}").render(Map.of("x", "V"))).isEqualTo("a}} V");
    assertThat(PromptTemplate.compile("}}{{x}}}}").render(Map.of("x", "V"))).isEqualTo("}}V}}");
  }

  @Test
  void adjacentPlaceholders_renderBackToBack() {
    PromptTemplate t = PromptTemplate.compile("{{a}}{{b}}{{a}}");
    assertThat(t.variables()).containsExactly("a", "b");
    assertThat(t.render(Map.of("a", "1", "b", "2"))).isEqualTo("121");
  }

  @Test
  void anEscapedOpening_isLiteral_andTheFollowingPlaceholderStillWorks() {
    PromptTemplate t = PromptTemplate.compile("\\{{x}} is {{x}}");
    assertThat(t.variables()).containsExactly("x");
    assertThat(t.render(Map.of("x", "V"))).isEqualTo("{{x}} is V");
  }

  @Test
  void aBackslashNotBeforeBraces_andASingleBrace_areLiteral() {
    assertThat(PromptTemplate.compile("a\\b {c} \\").render(Map.of())).isEqualTo("a\\b {c} \\");
    assertThat(PromptTemplate.compile("x\\{y").render(Map.of())).isEqualTo("x\\{y");
  }

  @Test
  void spacesInsideThePlaceholder_areIgnored() {
    assertThat(PromptTemplate.compile("[{{  x }}]").render(Map.of("x", "V"))).isEqualTo("[V]");
  }

  @Test
  void anUnclosedOrEmptyPlaceholder_isRefusedWithItsOffset() {
    assertThatThrownBy(() -> PromptTemplate.compile("ab{{x")).isInstanceOf(TemplateException.class)
        .hasMessageContaining("unclosed {{ at offset 2");
    assertThatThrownBy(() -> PromptTemplate.compile("ab{{}}")).isInstanceOf(TemplateException.class)
        .hasMessageContaining("at offset 2");
    assertThatThrownBy(() -> PromptTemplate.compile("x {{a b}} y")).isInstanceOf(TemplateException.class)
        .hasMessageContaining("at offset 2").hasMessageContaining("was \"{{a b}}\"");
  }

  @Test
  void renderingWithAnUndeclaredExtraVariable_isRefusedNamingIt() {
    PromptTemplate t = PromptTemplate.compile("{{x}}");
    assertThatThrownBy(() -> t.render(Map.of("x", "1", "y", "2"))).isInstanceOf(TemplateException.class)
        .hasMessageContaining("\"y\"");
    assertThatThrownBy(() -> t.render(Map.of("y", "2"))).isInstanceOf(TemplateException.class)
        .hasMessageContaining("x is missing");
    java.util.Map<String, Object> withNull = new java.util.HashMap<>();
    withNull.put("x", null);
    assertThatThrownBy(() -> t.render(withNull)).isInstanceOf(TemplateException.class)
        .hasMessageContaining("x is null");
  }

  @Test
  void aTemplateWithoutPlaceholders_rendersAsWritten() {
    PromptTemplate t = PromptTemplate.compile("plain text");
    assertThat(t.variables()).isEmpty();
    assertThat(t.render(Map.of())).isEqualTo("plain text");
    assertThat(t.toString()).contains("literalChars=10");
  }
}
