package dev.mvc;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;

/**
 * A table of model families and the inference parameters each refuses: combinations that may not
 * be sent together (Claude 4.5-generation models refuse {@code temperature} with {@code topP}) and
 * caps (most output tokens). The {@link PinningRule#PARAMETER_CONTRACT} rule checks a manifest's
 * pinned parameters, and the upper bounds of its overridable ones, against it at load and in
 * {@code mvc validate}, so a combination every call would fail with is refused in CI.
 *
 * <p>The table is data: mvc ships {@code dev/mvc/parameter-contracts.json}, and every class path
 * resource {@value #EXTENSION_RESOURCE} is read after it, a family of the same name replacing the
 * shipped one. A family names its model IDs with a regular expression over the foundation-model ID
 * (no cross-region prefix, no ARN):
 *
 * <pre>{@code
 * {"schema": "mvc-parameter-contracts/v1", "contracts": [
 *   {"family": "anthropic-claude-4.5", "modelIds": "anthropic\\.claude-(sonnet|haiku|opus)-4-5-.*",
 *    "exclusive": [["temperature", "topP"]], "maxTokens": 64000, "note": "..."}]}
 * }</pre>
 */
public final class ParameterContracts {

  /** The class path resource name every extension table has. */
  public static final String EXTENSION_RESOURCE = "META-INF/mvc/parameter-contracts.json";
  private static final String SHIPPED = "dev/mvc/parameter-contracts.json";
  private static final String SCHEMA = "mvc-parameter-contracts/v1";
  private static final List<String> PARAMETERS = List.of("temperature", "topP", "maxTokens", "stopSequences");
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .disable(JsonParser.Feature.ALLOW_COMMENTS).build();
  private static final ParameterContracts NONE = new ParameterContracts(Map.of());

  private final Map<String, Contract> contracts;

  private ParameterContracts(Map<String, Contract> contracts) {
    this.contracts = Collections.unmodifiableMap(new LinkedHashMap<>(contracts));
  }

  /**
   * One family's contract.
   *
   * @param family the family name, unique in a table
   * @param modelIds the pattern the whole foundation-model ID matches
   * @param exclusive groups of parameters of which at most one may be set
   * @param maxTokens the most output tokens, or null for no cap
   * @param note why, shown in violations, or null
   */
  public record Contract(String family, Pattern modelIds, List<List<String>> exclusive, @Nullable Integer maxTokens,
      @Nullable String note) {
    /** Copies the groups. */
    public Contract {
      Objects.requireNonNull(family, "family");
      Objects.requireNonNull(modelIds, "modelIds");
      exclusive = exclusive.stream().map(List::copyOf).toList();
    }
  }

  /** Returns a table without any contract. */
  public static ParameterContracts none() {
    return NONE;
  }

  /**
   * Returns the shipped table with every {@value #EXTENSION_RESOURCE} on the class path of this
   * class's loader read after it, in class path order.
   *
   * @throws MvcException naming the resource and the field when a table is malformed
   */
  public static ParameterContracts defaults() {
    ClassLoader loader = ParameterContracts.class.getClassLoader();
    Map<String, Contract> all = new LinkedHashMap<>();
    read(loader.getResource(SHIPPED), all);
    try {
      Enumeration<URL> extensions = loader.getResources(EXTENSION_RESOURCE);
      while (extensions.hasMoreElements()) {
        read(extensions.nextElement(), all);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + EXTENSION_RESOURCE, e);
    }
    return new ParameterContracts(all);
  }

  /** Returns this table with the families of the table in {@code file} added, replacing those of the same name. */
  public ParameterContracts with(Path file) {
    Map<String, Contract> all = new LinkedHashMap<>(contracts);
    try (InputStream in = Files.newInputStream(file)) {
      parse(file.toString(), in.readAllBytes(), all);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read parameter contracts " + file, e);
    }
    return new ParameterContracts(all);
  }

  /** Returns the contracts by family name, in table order. */
  public Map<String, Contract> contracts() {
    return contracts;
  }

  /** Returns every breach of the contracts of {@code manifest}'s model family (empty when none applies). */
  public List<PolicyViolation> check(VersionManifest manifest) {
    String model = manifest.model().foundationModelId();
    if (model == null) {
      return List.of();
    }
    InferenceParameters p = manifest.inference();
    List<PolicyViolation> out = new ArrayList<>(0);
    for (Contract c : contracts.values()) {
      if (!c.modelIds().matcher(model).matches()) {
        continue;
      }
      String why = " for " + model + " (family " + c.family() + (c.note() == null ? "" : ": " + c.note()) + ")";
      for (List<String> group : c.exclusive()) {
        List<String> set = new ArrayList<>(2);
        for (String parameter : group) {
          if (value(p, parameter) != null) {
            set.add(parameter);
          }
        }
        if (set.size() > 1) {
          out.add(new PolicyViolation(PinningRule.PARAMETER_CONTRACT, "inference." + set.get(1),
              "cannot be set together with inference." + set.get(0) + why));
        }
      }
      Integer cap = c.maxTokens();
      if (cap != null && p.maxTokens() != null && p.maxTokens() > cap) {
        out.add(new PolicyViolation(PinningRule.PARAMETER_CONTRACT, "inference.maxTokens",
            "must be at most " + cap + why + ", was " + p.maxTokens()));
      }
      OverrideBound bound = p.overridable().get("maxTokens");
      if (cap != null && bound != null && bound.max() > cap) {
        out.add(new PolicyViolation(PinningRule.PARAMETER_CONTRACT, "inference.overridable.maxTokens.max",
            "must be at most " + cap + why + ", was " + (long) bound.max()));
      }
    }
    return out;
  }

  /**
   * Returns the parameters {@code manifest} need not set because its family's contract refuses
   * them with another: of each exclusive group, every member but the one set (or, when none is
   * set, every member but the first). {@link PinningRule#INFERENCE_EXPLICIT} does not ask for them.
   */
  public Set<String> excused(VersionManifest manifest) {
    String model = manifest.model().foundationModelId();
    if (model == null) {
      return Set.of();
    }
    Set<String> out = new java.util.HashSet<>();
    for (Contract c : contracts.values()) {
      if (!c.modelIds().matcher(model).matches()) {
        continue;
      }
      for (List<String> group : c.exclusive()) {
        String kept = group.get(0);
        for (String parameter : group) {
          if (value(manifest.inference(), parameter) != null) {
            kept = parameter;
            break;
          }
        }
        for (String parameter : group) {
          if (!parameter.equals(kept)) {
            out.add(parameter);
          }
        }
      }
    }
    return out;
  }

  private static @Nullable Object value(InferenceParameters p, String parameter) {
    return switch (parameter) {
      case "temperature" -> p.temperature();
      case "topP" -> p.topP();
      case "maxTokens" -> p.maxTokens();
      default -> p.stopSequences().isEmpty() ? null : p.stopSequences();
    };
  }

  private static void read(@Nullable URL url, Map<String, Contract> into) {
    if (url == null) {
      throw new IllegalStateException("the shipped parameter contracts " + SHIPPED + " are missing");
    }
    try (InputStream in = url.openStream()) {
      parse(url.toString(), in.readAllBytes(), into);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read parameter contracts " + url, e);
    }
  }

  private static void parse(String source, byte[] bytes, Map<String, Contract> into) {
    JsonNode root;
    try {
      root = JSON.readTree(bytes);
    } catch (IOException e) {
      throw fail(source, "$", "is not valid JSON: " + e.getMessage());
    }
    if (root == null || !SCHEMA.equals(root.path("schema").asText(null))) {
      throw fail(source, "schema", "must be " + SCHEMA);
    }
    JsonNode list = root.path("contracts");
    if (!list.isArray()) {
      throw fail(source, "contracts", "must be an array");
    }
    for (int i = 0; i < list.size(); i++) {
      Contract c = contract(source, "contracts[" + i + "]", list.get(i));
      into.remove(c.family());
      into.put(c.family(), c);
    }
  }

  private static Contract contract(String source, String path, JsonNode n) {
    for (java.util.Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!Set.of("family", "modelIds", "exclusive", "maxTokens", "note").contains(field)) {
        throw fail(source, path + "." + field, "is not a contract field");
      }
    }
    String family = text(source, path + ".family", n.get("family"));
    Pattern ids;
    try {
      ids = Pattern.compile(text(source, path + ".modelIds", n.get("modelIds")));
    } catch (PatternSyntaxException e) {
      throw fail(source, path + ".modelIds", "is not a regular expression: " + e.getDescription());
    }
    List<List<String>> exclusive = new ArrayList<>();
    JsonNode groups = n.path("exclusive");
    if (!groups.isMissingNode()) {
      if (!groups.isArray()) {
        throw fail(source, path + ".exclusive", "must be an array of parameter name arrays");
      }
      for (int g = 0; g < groups.size(); g++) {
        List<String> group = new ArrayList<>();
        for (int k = 0; k < groups.get(g).size(); k++) {
          String name = text(source, path + ".exclusive[" + g + "][" + k + "]", groups.get(g).get(k));
          if (!PARAMETERS.contains(name)) {
            throw fail(source, path + ".exclusive[" + g + "][" + k + "]", "must be one of " + PARAMETERS
                + ", was \"" + name + "\"");
          }
          group.add(name);
        }
        if (group.size() < 2) {
          throw fail(source, path + ".exclusive[" + g + "]", "must name at least two parameters");
        }
        exclusive.add(group);
      }
    }
    JsonNode max = n.get("maxTokens");
    if (max != null && (!max.canConvertToInt() || !max.isIntegralNumber() || max.intValue() < 1)) {
      throw fail(source, path + ".maxTokens", "must be a positive integer, was " + max);
    }
    JsonNode note = n.get("note");
    return new Contract(family, ids, exclusive, max == null ? null : max.intValue(),
        note == null ? null : text(source, path + ".note", note));
  }

  private static String text(String source, String path, @Nullable JsonNode n) {
    if (n == null || !n.isTextual() || n.asText().isBlank()) {
      throw fail(source, path, "must be a non-blank string");
    }
    return n.asText();
  }

  private static MvcException fail(String source, String path, String message) {
    return new MvcException("parameter contracts " + source + ": " + path + " " + message);
  }

  @Override
  public String toString() {
    return "ParameterContracts" + contracts.keySet();
  }
}
