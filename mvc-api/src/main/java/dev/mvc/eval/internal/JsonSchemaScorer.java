package dev.mvc.eval.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.mvc.eval.Expectations;
import dev.mvc.eval.GoldenCase;
import dev.mvc.eval.Score;
import dev.mvc.eval.spi.Scorer;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Collectors;

/**
 * The answer is JSON valid against {@code expect.jsonSchema} (draft 2020-12 unless the schema's
 * {@code $schema} names another). A fenced block (three backquotes, optionally tagged json) around
 * the JSON is accepted, since models often answer that way.
 */
public final class JsonSchemaScorer implements Scorer {
  private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
  private final ConcurrentMap<String, Schema> schemas = new ConcurrentHashMap<>();

  @Override
  public String name() {
    return Expectations.JSON_SCHEMA;
  }

  @Override
  public boolean appliesTo(GoldenCase c) {
    return c.expect().jsonSchema() != null;
  }

  @Override
  public Score score(GoldenCase c, String answer) {
    String schemaText = Objects.requireNonNull(c.expect().jsonSchema());
    Schema schema = schemas.computeIfAbsent(schemaText, registry::getSchema);
    JsonNode node;
    try {
      node = GoldenJson.JSON.readTree(unfence(answer));
    } catch (JsonProcessingException e) {
      return Score.fail(name(), "the answer is not JSON: " + e.getOriginalMessage());
    }
    if (node == null || node.isMissingNode()) {
      return Score.fail(name(), "the answer is empty");
    }
    List<Error> errors = schema.validate(node);
    if (errors.isEmpty()) {
      return Score.pass(name(), "valid");
    }
    String why = errors.stream().limit(3).map(Error::toString).collect(Collectors.joining("; "));
    return Score.fail(name(), errors.size() + " violation(s): " + why);
  }

  private static String unfence(String answer) {
    String s = answer.strip();
    if (s.startsWith("```")) {
      int nl = s.indexOf('\n');
      int end = s.lastIndexOf("```");
      if (nl > 0 && end > nl) {
        return s.substring(nl + 1, end);
      }
    }
    return s;
  }
}
