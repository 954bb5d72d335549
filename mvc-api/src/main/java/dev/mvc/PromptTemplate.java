package dev.mvc;

import dev.mvc.internal.Checks;
import dev.mvc.internal.WellFormedText;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A compiled prompt template. Placeholders are {@code {{name}}} (spaces inside the braces are
 * allowed: {@code {{ name }}}); a backslash before two opening braces
 * (<code>\&#123;&#123;</code>) writes them literally. Values are inserted literally: a value that
 * itself holds {@code {{x}}} is never rendered again.
 *
 * <p>Compiled once at load; {@link #render(Map)} does no parsing.
 */
public final class PromptTemplate {
  private final String[] literals; // literals[i] precedes slots[i]; one more literal than slots
  private final String[] slots;
  private final Set<String> variables;
  private final int literalLength;

  private PromptTemplate(List<String> literals, List<String> slots) {
    this.literals = literals.toArray(new String[0]);
    this.slots = slots.toArray(new String[0]);
    this.variables = Collections.unmodifiableSet(new LinkedHashSet<>(slots));
    int len = 0;
    for (String l : literals) {
      len += l.length();
    }
    this.literalLength = len;
  }

  /**
   * Compiles {@code text}.
   *
   * @throws TemplateException for an unclosed or malformed placeholder, naming its position
   */
  public static PromptTemplate compile(String text) {
    List<String> literals = new ArrayList<>();
    List<String> slots = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    int i = 0;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (c == '\\' && text.startsWith("{{", i + 1)) {
        literal.append("{{");
        i += 3;
      } else if (c == '{' && text.startsWith("{{", i)) {
        int close = text.indexOf("}}", i + 2);
        if (close < 0) {
          throw new TemplateException("template has an unclosed {{ at offset " + i
              + "; write \\{{ for literal braces");
        }
        String name = text.substring(i + 2, close).strip();
        if (!Checks.isVariableName(name)) {
          throw new TemplateException("template placeholder at offset " + i
              + " must be {{name}} with a variable name, was " + Checks.show(text.substring(i, close + 2))
              + "; write \\{{ for literal braces");
        }
        literals.add(literal.toString());
        literal.setLength(0);
        slots.add(name);
        i = close + 2;
      } else {
        literal.append(c);
        i++;
      }
    }
    literals.add(literal.toString());
    return new PromptTemplate(literals, slots);
  }

  /** Returns the variables the template uses, in order of first use. */
  public Set<String> variables() {
    return variables;
  }

  /**
   * Renders the template with {@code values}, which must hold exactly the template's variables.
   *
   * @throws TemplateException for a missing, null or unknown variable, or a value holding a lone
   *     surrogate (text without a UTF-8 form), naming the variable and the index
   */
  public String render(Map<String, ?> values) {
    // Pieces are joined once at the end: String.join sizes and fills the result in one copy.
    String[] parts = new String[literals.length + slots.length];
    for (int s = 0; s < slots.length; s++) {
      Object v = values.get(slots[s]);
      if (v == null) {
        throw new TemplateException(values.containsKey(slots[s])
            ? "variable " + slots[s] + " is null"
            : "variable " + slots[s] + " is missing; the template needs " + variables);
      }
      String text = v.toString();
      String problem = WellFormedText.problem(text);
      if (problem != null) {
        // Refused before anything is sent: it has no UTF-8 form, so it could only be sent altered.
        throw new TemplateException("variable " + slots[s] + " " + problem);
      }
      parts[2 * s] = literals[s];
      parts[2 * s + 1] = text;
    }
    parts[parts.length - 1] = literals[slots.length];
    if (values.size() != variables.size()) {
      for (Object k : values.keySet()) {
        if (!variables.contains(k)) {
          throw new TemplateException("variable " + Checks.show(String.valueOf(k))
              + " is not declared by the template; it declares " + variables);
        }
      }
    }
    return String.join("", parts);
  }

  @Override
  public String toString() {
    return "PromptTemplate{variables=" + variables + ", literalChars=" + literalLength + "}";
  }
}
