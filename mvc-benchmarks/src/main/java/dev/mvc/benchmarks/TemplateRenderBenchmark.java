package dev.mvc.benchmarks;

import dev.mvc.PromptTemplate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Template rendering by template size (1 KB, 16 KB, 256 KB) and variable count (1, 5, 50), with
 * {@code String.concat}-free copying of the same text as the baseline ({@link #copyBaseline()}:
 * one {@code new String(char[])} of the rendered size), so the figures read as a ratio to the
 * cheapest possible production of a string that long.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class TemplateRenderBenchmark {
  /** The template size in characters. */
  @Param({"1024", "16384", "262144"})
  public int size;

  /** The number of distinct variables, each used once. */
  @Param({"1", "5", "50"})
  public int variables;

  private PromptTemplate template;
  private Map<String, Object> values;
  private char[] rendered;

  /** Builds a template of {@code size} characters with {@code variables} placeholders spread evenly. */
  @Setup(Level.Trial)
  public void setUp() {
    StringBuilder text = new StringBuilder(size + 16 * variables);
    values = new LinkedHashMap<>();
    int chunk = Math.max(1, size / (variables + 1));
    for (int v = 0; v < variables; v++) {
      appendFiller(text, chunk);
      text.append("{{v").append(v).append("}}");
      values.put("v" + v, "value-" + v + " with some words");
    }
    appendFiller(text, size - text.length() > 0 ? size - text.length() : 1);
    template = PromptTemplate.compile(text.toString());
    rendered = template.render(values).toCharArray();
  }

  private static void appendFiller(StringBuilder b, int n) {
    String words = "The policy says refunds are paid within five business days. ";
    for (int i = 0; i < n; i++) {
      b.append(words.charAt(i % words.length()));
    }
  }

  /** Renders the template. */
  @Benchmark
  public String render() {
    return template.render(values);
  }

  /** Builds one string of the rendered length from a char array (the floor for any renderer). */
  @Benchmark
  public String copyBaseline() {
    return new String(rendered);
  }
}
