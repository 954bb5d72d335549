package dev.mvc.cli.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.mvc.cli.ExitCode;

/**
 * JSON in and out for the commands. Output maps are {@link java.util.LinkedHashMap}s built in a
 * fixed order, so {@code --json} output is byte-for-byte stable for the same input.
 */
public final class Json {
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
      .build();

  private Json() {}

  /** Returns {@code value} as indented JSON. */
  public static String pretty(Object value) {
    try {
      return MAPPER.writeValueAsString(value).replace("\r\n", "\n");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON output", e);
    }
  }

  /** Returns {@code value} as compact JSON. */
  public static String compact(Object value) {
    try {
      return MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON output", e);
    }
  }

  /** Parses {@code text}; {@code what} names it in the error. */
  public static JsonNode parse(String text, String what) {
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new CliException(ExitCode.USAGE, what + " is not valid JSON: " + e.getOriginalMessage(),
          "fix the JSON syntax at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
    }
  }

  /** Returns the mapper (for tree conversions). */
  public static ObjectMapper mapper() {
    return MAPPER;
  }
}
