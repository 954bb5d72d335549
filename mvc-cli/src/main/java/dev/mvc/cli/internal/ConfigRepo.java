package dev.mvc.cli.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mvc.ManifestParseException;
import dev.mvc.PromptTemplate;
import dev.mvc.TemplateException;
import dev.mvc.VersionManifest;
import dev.mvc.bedrock.BedrockAgentDefinition;
import dev.mvc.cli.ExitCode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A config repository laid out as {@code prompts/*.txt} plus {@code config/bedrock-config.json}
 * or {@code config/sagemaker-config.json}, turned into a manifest. Config keys are the manifest's
 * field names in snake_case ({@code model_id}, {@code inference_config.max_tokens}); prompt and
 * script files are named by path and pinned by their SHA-256. The result goes through the
 * library's strict parser, so a config makes exactly the manifests the parser accepts.
 */
final class ConfigRepo {
  static final String BEDROCK_CONFIG = "config/bedrock-config.json";
  static final String SAGEMAKER_CONFIG = "config/sagemaker-config.json";
  /** The system prompt used when the config names no {@code system_prompt_file}. */
  static final String DEFAULT_SYSTEM_PROMPT = "prompts/system-prompt.txt";
  /** Agent instructions and tool definitions kept beside the model config. */
  static final String AGENT_CONFIG = "config/agent-config.json";
  /** A commit SHA as {@code prompt_template_version} may name it: abbreviated, SHA-1 or SHA-256. */
  private static final java.util.regex.Pattern COMMIT_SHA = java.util.regex.Pattern.compile("[0-9a-f]{7,64}");

  private static final Set<String> COMMON = Set.of("name", "version", "prompt_template_file",
      "prompt_template_version", "system_prompt_file", "inference_config", "provenance");
  private static final List<String> BEDROCK = List.of("model_id", "region", "api", "body_format", "guardrail",
      "knowledge_base", "agent", "request_metadata", "service_tier", "latency");
  /** Converse request fields of a Bedrock config that go into {@code prompt}. */
  private static final List<String> BEDROCK_PROMPT =
      List.of("tools", "tools_file", "tool_choice", "cache_points", "max_tool_rounds");
  /** Keys of one tool in {@code tools} or a {@code tools_file}. */
  private static final List<String> TOOL_KEYS = List.of("name", "description", "input_schema");
  /** Converse tool names; an agent function named otherwise cannot be offered as a tool. */
  private static final java.util.regex.Pattern TOOL_NAME = java.util.regex.Pattern.compile("[a-zA-Z0-9_-]{1,64}");
  /** Agent function parameter types (ParameterDetail.type), each a JSON Schema type of the same name. */
  private static final Set<String> PARAMETER_TYPES = Set.of("string", "number", "integer", "boolean", "array");
  private static final List<String> SAGEMAKER = List.of("endpoint_name", "variant", "inference_component",
      "model_package_arn", "artifact", "image", "instance_type", "environment", "scripts", "payload_format",
      "payload_mapping");
  /** Keys of {@value #AGENT_CONFIG}, of each of its action groups, functions and parameters. */
  private static final List<String> AGENT_KEYS =
      List.of("agent_name", "description", "foundation_model", "instructions", "action_groups");
  private static final List<String> GROUP_KEYS =
      List.of("name", "description", "functions", "api_schema_file", "parent_action_signature");
  private static final List<String> FUNCTION_KEYS = List.of("name", "description", "parameters", "require_confirmation");
  private static final List<String> PARAMETER_KEYS = List.of("type", "description", "required");
  /** Objects whose keys are data, not field names: kept as written. */
  private static final Set<String> FREE_FORM = Set.of("environment", "payload_mapping", "evaluation_metrics",
      "additional_model_fields", "request_metadata", "input_schema", "payloadMapping", "evaluationMetrics",
      "additionalModelFields", "requestMetadata", "inputSchema");

  private static final com.fasterxml.jackson.databind.ObjectReader STRICT = Json.mapper().reader()
      .with(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION);

  /** Reads a file of the repository at the ref being built. */
  interface Files {
    /** Returns the bytes of {@code path} (relative to the config repository). */
    byte[] read(String path);
  }

  /** Reads files of the repository at other commits, for {@code prompt_template_version}. */
  interface Commits {
    /** Returns the full SHA of {@code commit}, or null when the repository has no such commit. */
    @Nullable String resolve(String commit);

    /** Returns the bytes of {@code path} at {@code commitSha}, or null when it has no such file. */
    byte @Nullable [] readAt(String commitSha, String path);
  }

  /**
   * A built manifest and what the build decided on the way, for the command to report.
   *
   * @param manifest the manifest
   * @param notes one line per decision the config left to the build (defaults taken, versions checked)
   * @param agentConfigSha256 hex SHA-256 of {@value #AGENT_CONFIG}, or null when there is none
   */
  record Built(VersionManifest manifest, List<String> notes, @Nullable String agentConfigSha256) {}

  private ConfigRepo() {}

  /** Builds the manifest from {@code configPath} and the files it names. */
  static Built build(String configPath, Files files, Commits commits, String gitSha, Instant createdAt,
      boolean dirty) {
    List<String> notes = new ArrayList<>();
    boolean bedrock = configPath.equals(BEDROCK_CONFIG);
    JsonNode config = parse(text(configPath, files.read(configPath)), configPath);
    if (!config.isObject()) {
      throw invalid(configPath, "must be a JSON object", "write { \"model_id\": ..., ... }");
    }
    List<String> providerKeys = bedrock ? BEDROCK : SAGEMAKER;
    List<String> promptKeys = bedrock ? BEDROCK_PROMPT : List.of();
    for (Iterator<String> it = config.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!COMMON.contains(key) && !providerKeys.contains(key) && !promptKeys.contains(key)) {
        Set<String> allowed = new LinkedHashSet<>(List.of("name", "version"));
        allowed.addAll(providerKeys);
        allowed.addAll(List.of("prompt_template_file", "prompt_template_version", "system_prompt_file"));
        allowed.addAll(promptKeys);
        allowed.addAll(List.of("inference_config", "provenance"));
        throw invalid(configPath, "has unknown key " + key, "use only " + String.join(", ", allowed));
      }
    }
    AgentConfig agent = readAgentConfig(files);
    boolean agentTarget = bedrock && config.path("agent").isObject();
    String templateFile = requiredText(config, "prompt_template_file", configPath);
    byte[] templateBytes = files.read(templateFile);
    String templateText = text(templateFile, templateBytes);
    checkTemplateVersion(config, configPath, templateFile, templateBytes, commits, gitSha, dirty, notes);
    PromptTemplate template;
    try {
      template = PromptTemplate.compile(templateText);
    } catch (TemplateException e) {
      throw new CliException(ExitCode.CHECK_FAILED, templateFile + ": " + e.getMessage(),
          "correct the placeholder in " + templateFile);
    }
    ObjectNode m = Json.mapper().createObjectNode();
    m.put("schema", VersionManifest.SCHEMA);
    m.put("name", config.has("name") ? config.get("name").asText() : baseName(templateFile));
    m.put("version", config.has("version") ? config.get("version").asText() : "0.0.0+" + gitSha.substring(0, 12));
    m.put("createdAt", createdAt.toString());
    ObjectNode given = config.has("provenance") ? (ObjectNode) camel(config.get("provenance"), "provenance")
        : Json.mapper().createObjectNode();
    if (given.has("gitSha") || given.has("dirty")) {
      throw invalid(configPath, "sets provenance.git_sha or provenance.dirty",
          "remove them; mvc build takes them from git");
    }
    // The manifest is written as built, so the fields git gives come first, as in the schema.
    ObjectNode provenance = Json.mapper().createObjectNode();
    provenance.put("gitSha", gitSha);
    if (dirty) {
      provenance.put("dirty", true);
    }
    provenance.setAll(given);
    m.set("provenance", provenance);
    ObjectNode target = Json.mapper().createObjectNode();
    for (String key : providerKeys) {
      if (config.has(key) && !config.get(key).isNull()) {
        target.set(camelKey(key), camel(config.get(key), key));
      }
    }
    if (!bedrock && target.has("scripts")) {
      target.set("scripts", scripts(target.get("scripts"), files, configPath));
    }
    m.set("model", Json.mapper().createObjectNode().set(bedrock ? "bedrock" : "sagemaker", target));
    ObjectNode prompt = Json.mapper().createObjectNode();
    prompt.set("template", promptText(templateText));
    String instructions = agent == null || agentTarget || !bedrock ? null : agent.instructions();
    if (config.hasNonNull("system_prompt_file")) {
      String systemFile = requiredText(config, "system_prompt_file", configPath);
      prompt.set("system", promptText(text(systemFile, files.read(systemFile))));
      if (instructions != null) {
        notes.add("agent config: instructions of " + AGENT_CONFIG + " not used (the system prompt is " + systemFile
            + ")");
      }
    } else if (bedrock && "invoke-agent".equals(config.path("api").asText())) {
      if (readIfPresent(files, DEFAULT_SYSTEM_PROMPT) != null) {
        notes.add("system prompt: " + DEFAULT_SYSTEM_PROMPT + " not used (api invoke-agent: the agent's instructions"
            + " take its place, and InvokeAgent sends none)");
      }
    } else {
      byte[] system = readIfPresent(files, DEFAULT_SYSTEM_PROMPT);
      if (system != null) {
        prompt.set("system", promptText(text(DEFAULT_SYSTEM_PROMPT, system)));
        notes.add("system prompt: " + DEFAULT_SYSTEM_PROMPT + " (" + configPath + " names no system_prompt_file)");
        if (instructions != null) {
          notes.add("agent config: instructions of " + AGENT_CONFIG + " not used (the system prompt is "
              + DEFAULT_SYSTEM_PROMPT + ")");
        }
      } else if (instructions != null) {
        prompt.set("system", promptText(instructions));
        notes.add("system prompt: instructions of " + AGENT_CONFIG + " (" + configPath
            + " names no system_prompt_file and there is no " + DEFAULT_SYSTEM_PROMPT + ")");
      }
    }
    ArrayNode variables = prompt.putArray("variables");
    template.variables().forEach(variables::add);
    List<String> toolKeys = new ArrayList<>();
    if (bedrock) {
      converseFields(config, configPath, files, agent, agentTarget, prompt, toolKeys, notes);
    }
    m.set("prompt", prompt);
    m.set("inference", config.has("inference_config") ? camel(config.get("inference_config"), "inference_config")
        : Json.mapper().createObjectNode());
    pinAgent(agent, target, agentTarget, bedrock, notes);
    try {
      return new Built(VersionManifest.parse(Json.compact(m)), List.copyOf(notes), agent == null ? null : agent.sha256());
    } catch (ManifestParseException e) {
      String[] key = configKey(e.path(), configPath, toolKeys);
      if (key == null) {
        throw new CliException(ExitCode.CHECK_FAILED, configPath + " does not make a valid manifest: " + e.getMessage(),
            "correct the snake_case key for manifest field " + e.path() + " in " + configPath
                + " (fields: docs/manifest.md)", e);
      }
      throw new CliException(ExitCode.CHECK_FAILED, key[0] + " has an invalid " + key[1] + ": " + e.getMessage(),
          "correct " + key[1] + " in " + key[0] + " (manifest field " + e.path() + ", see docs/manifest.md)", e);
    }
  }

  /**
   * Where a manifest field came from: {@code {file, key path}} for a field a config key or a tool
   * definition made, or null for one the build made itself.
   */
  static String @Nullable [] configKey(String manifestPath, String configPath, List<String> toolKeys) {
    java.util.regex.Matcher tool = java.util.regex.Pattern.compile("prompt\\.tools\\[(\\d+)](.*)").matcher(manifestPath);
    if (tool.matches()) {
      int i = Integer.parseInt(tool.group(1));
      if (i >= toolKeys.size()) {
        return null;
      }
      String[] at = toolKeys.get(i).split(" ", 2);
      String rest = tool.group(2);
      boolean fromAgent = at[0].equals(AGENT_CONFIG);
      if (rest.startsWith(".inputSchema")) {
        rest = (fromAgent ? ".parameters" : ".input_schema") + (fromAgent ? "" : rest.substring(".inputSchema".length()));
      }
      return new String[] {at[0], at[1] + rest};
    }
    if (manifestPath.equals("prompt.tools") && !toolKeys.isEmpty()) {
      String[] at = toolKeys.get(0).split(" ", 2);
      return new String[] {at[0], at[0].equals(configPath) ? "tools" : "tool definitions"};
    }
    for (String field : List.of("toolChoice", "cachePoints", "maxToolRounds")) {
      if (manifestPath.startsWith("prompt." + field)) {
        return new String[] {configPath, snakePath(manifestPath.substring("prompt.".length()))};
      }
    }
    for (String prefix : List.of("model.bedrock.", "model.sagemaker.")) {
      if (manifestPath.startsWith(prefix)) {
        return new String[] {configPath, snakePath(manifestPath.substring(prefix.length()))};
      }
    }
    if (manifestPath.startsWith("inference.")) {
      return new String[] {configPath, "inference_config." + snakePath(manifestPath.substring("inference.".length()))};
    }
    if (manifestPath.startsWith("provenance.")) {
      return new String[] {configPath, snakePath(manifestPath)};
    }
    return null;
  }

  /** The snake_case form of a manifest path, up to and including the first free-form object. */
  private static String snakePath(String path) {
    StringBuilder out = new StringBuilder();
    String[] parts = path.split("\\.", -1);
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        out.append('.');
      }
      out.append(snake(parts[i]));
      String bare = parts[i].replaceAll("\\[.*$", "");
      if (FREE_FORM.contains(bare) && i + 1 < parts.length) {
        out.append('.').append(String.join(".", java.util.Arrays.asList(parts).subList(i + 1, parts.length)));
        break;
      }
    }
    return out.toString();
  }

  /**
   * Checks {@code prompt_template_version}: a commit SHA must hold the template exactly as built;
   * anything else (absent, or a placeholder such as {@code git-sha-here}) is reported, and the
   * build's own commit is what provenance.gitSha records.
   */
  private static void checkTemplateVersion(JsonNode config, String configPath, String templateFile,
      byte[] built, Commits commits, String gitSha, boolean dirty, List<String> notes) {
    JsonNode v = config.get("prompt_template_version");
    String builtAt = dirty ? "the work tree at " + gitSha : gitSha;
    if (v == null || v.isNull()) {
      notes.add("prompt_template_version: absent; the template is pinned at the build's commit " + gitSha
          + " (provenance.gitSha)");
      return;
    }
    if (!v.isTextual()) {
      throw invalid(configPath, "has prompt_template_version " + v + ", which is not a string",
          "write the commit SHA of " + templateFile + " as a string, or remove the key");
    }
    String version = v.asText();
    if (!COMMIT_SHA.matcher(version).matches()) {
      notes.add("prompt_template_version: \"" + version + "\" is not a commit SHA; the template is pinned at the "
          + "build's commit " + gitSha + " (provenance.gitSha)");
      return;
    }
    String commit = commits.resolve(version);
    if (commit == null) {
      throw invalid(configPath, "has prompt_template_version " + version + ", which is not a commit of the repository",
          "set it to the commit " + templateFile + " was last changed in (git log -1 --format=%H -- "
              + templateFile + "), or git fetch that commit");
    }
    byte[] then = commits.readAt(commit, templateFile);
    if (then == null) {
      throw invalid(configPath, "has prompt_template_version " + version + ", but " + templateFile
          + " does not exist at commit " + commit, "set it to a commit that holds " + templateFile);
    }
    if (!java.util.Arrays.equals(then, built)) {
      throw invalid(configPath, "has prompt_template_version " + commit + ", but " + templateFile + " at " + commit
          + " (sha256 " + Hashes.sha256Hex(then) + ") differs from " + templateFile + " built at " + builtAt
          + " (sha256 " + Hashes.sha256Hex(built) + ")",
          "set prompt_template_version to the commit the template was last changed in (git log -1 --format=%H -- "
              + templateFile + "), or restore the template");
    }
    notes.add("prompt_template_version: " + templateFile + " matches commit " + commit);
  }

  /**
   * {@value #AGENT_CONFIG} as read: its keys checked, its action groups in the AgentActionGroup
   * wire form {@link BedrockAgentDefinition} hashes.
   *
   * @param node the file's JSON
   * @param sha256 hex SHA-256 of the file
   * @param groups its action groups in wire form
   */
  private record AgentConfig(JsonNode node, String sha256, List<Map<String, Object>> groups) {
    /** Returns the instruction text, or null when the file has none. */
    @Nullable String instructions() {
      JsonNode i = node.get("instructions");
      return i != null && i.isTextual() && !i.asText().isEmpty() ? i.asText() : null;
    }
  }

  /** Reads and checks {@value #AGENT_CONFIG}, or returns null when the repository has none. */
  private static @Nullable AgentConfig readAgentConfig(Files files) {
    byte[] bytes = readIfPresent(files, AGENT_CONFIG);
    if (bytes == null) {
      return null;
    }
    JsonNode agent = parse(text(AGENT_CONFIG, bytes), AGENT_CONFIG);
    if (!agent.isObject()) {
      throw invalid(AGENT_CONFIG, "must be a JSON object", "write { \"instructions\": ..., ... }");
    }
    knownKeys(agent, AGENT_KEYS, "", AGENT_CONFIG);
    return new AgentConfig(agent, Hashes.sha256Hex(bytes), actionGroups(agent.get("action_groups"), files));
  }

  /**
   * Sets the Converse request fields of a Bedrock config in {@code prompt}: {@code tools} (inline,
   * from {@code tools_file}, or else the functions of {@value #AGENT_CONFIG} when no agent is
   * targeted), {@code tool_choice}, {@code cache_points} and {@code max_tool_rounds}. Adds to
   * {@code toolKeys}, per tool, the file and key path it was declared at.
   */
  private static void converseFields(JsonNode config, String configPath, Files files, @Nullable AgentConfig agent,
      boolean agentTarget, ObjectNode prompt, List<String> toolKeys, List<String> notes) {
    if (config.has("tools") && config.has("tools_file")) {
      throw invalid(configPath, "has both tools and tools_file", "keep one: the tools inline, or the file holding them");
    }
    boolean agentTools = agent != null && !agentTarget && agent.groups().stream().anyMatch(
        g -> g.containsKey("functionSchema") || g.containsKey("apiSchema") || g.containsKey("parentActionSignature"));
    if (config.hasNonNull("tools")) {
      prompt.set("tools", tools(config.get("tools"), configPath, "tools", toolKeys));
      if (agentTools) {
        notes.add("agent config: tool definitions of " + AGENT_CONFIG + " not used (" + configPath + " declares tools)");
      }
    } else if (config.hasNonNull("tools_file")) {
      String file = requiredText(config, "tools_file", configPath);
      prompt.set("tools", tools(parse(text(file, files.read(file)), file), file, "", toolKeys));
      notes.add("tools: " + file + " sha256 " + Hashes.sha256Hex(files.read(file)) + " (" + toolKeys.size()
          + " tool(s))");
      if (agentTools) {
        notes.add("agent config: tool definitions of " + AGENT_CONFIG + " not used (" + configPath + " names "
            + file + ")");
      }
    } else if (agentTools) {
      String api = config.path("api").asText("converse");
      if (api.equals("converse") || api.equals("invoke-model")) {
        ArrayNode tools = agentTools(agent.groups(), toolKeys);
        prompt.set("tools", tools);
        List<String> names = new ArrayList<>();
        tools.forEach(t -> names.add(t.get("name").asText()));
        notes.add("tools: the functions of " + AGENT_CONFIG + " pinned as prompt.tools (" + String.join(", ", names)
            + ")");
      } else {
        notes.add("agent config: tool definitions of " + AGENT_CONFIG + " not used (api " + api
            + " sends no tools)");
      }
    }
    for (String key : List.of("tool_choice", "cache_points", "max_tool_rounds")) {
      if (config.hasNonNull(key)) {
        prompt.set(camelKey(key), config.get(key));
      }
    }
  }

  /** Turns a config's tool definitions ({@code name, description, input_schema}) into manifest tools. */
  private static ArrayNode tools(JsonNode node, String file, String key, List<String> toolKeys) {
    if (!node.isArray()) {
      throw invalid(file, (key.isEmpty() ? "is not" : "has " + key + " that is not") + " an array of tools",
          "write [ { \"name\": ..., \"description\": ..., \"input_schema\": { \"type\": \"object\", ... } } ]");
    }
    ArrayNode out = Json.mapper().createArrayNode();
    for (int i = 0; i < node.size(); i++) {
      String ti = key + "[" + i + "]";
      knownKeys(node.get(i), TOOL_KEYS, ti + ".", file);
      ObjectNode tool = out.addObject();
      node.get(i).fields().forEachRemaining(e -> tool.set(camelKey(e.getKey()), e.getValue()));
      toolKeys.add(file + " " + ti);
    }
    if (out.isEmpty()) {
      throw invalid(file, key.isEmpty() ? "holds no tool" : "has " + key + " empty",
          "declare at least one tool, or leave the key out");
    }
    return out;
  }

  /**
   * Turns the functions of the agent config's action groups into Converse tools: one tool per
   * function, its parameters the properties of an object schema. Refuses, naming it, what a
   * Converse tool cannot express as the agent offers it.
   */
  private static ArrayNode agentTools(List<Map<String, Object>> groups, List<String> toolKeys) {
    ArrayNode out = Json.mapper().createArrayNode();
    Map<String, String> groupOf = new LinkedHashMap<>();
    String keep = "keep only function action groups that Converse tools can express in " + AGENT_CONFIG
        + ", or declare tools (or tools_file) in " + BEDROCK_CONFIG;
    for (int g = 0; g < groups.size(); g++) {
      Map<String, Object> group = groups.get(g);
      String groupName = (String) group.get("actionGroupName");
      String at = "action_groups[" + g + "]";
      if (group.containsKey("parentActionSignature")) {
        throw invalid(AGENT_CONFIG, "has action group " + groupName + " (" + at + ") with parent_action_signature "
            + group.get("parentActionSignature") + ", a built-in agent action that no Converse tool expresses", keep);
      }
      if (group.containsKey("apiSchema")) {
        throw invalid(AGENT_CONFIG, "has action group " + groupName + " (" + at + ") defined by an OpenAPI schema "
            + "(api_schema_file), which mvc build does not turn into Converse tools", keep);
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> schema = (Map<String, Object>) group.get("functionSchema");
      if (schema == null) {
        continue;
      }
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> functions = (List<Map<String, Object>>) schema.get("functions");
      for (int f = 0; f < functions.size(); f++) {
        Map<String, Object> fn = functions.get(f);
        String name = (String) fn.get("name");
        String fat = at + ".functions[" + f + "]";
        String tool = "tool " + name + " (" + fat + ")";
        if (!TOOL_NAME.matcher(name).matches()) {
          throw invalid(AGENT_CONFIG, "has " + tool + " whose name is not 1 to 64 characters of [a-zA-Z0-9_-],"
              + " as Converse tool names must be", "rename the function, or " + keep);
        }
        if ("ENABLED".equals(fn.get("requireConfirmation"))) {
          throw invalid(AGENT_CONFIG, "has " + tool + " with require_confirmation ENABLED; a Converse tool has no"
              + " confirmation step", "set it DISABLED, or " + keep);
        }
        String other = groupOf.putIfAbsent(name, groupName);
        if (other != null) {
          throw invalid(AGENT_CONFIG, "has tool " + name + " in action groups " + other + " and " + groupName
              + "; Converse tool names must be unique", "rename one of them");
        }
        ObjectNode inputSchema = Json.mapper().createObjectNode();
        inputSchema.put("type", "object");
        ObjectNode properties = inputSchema.putObject("properties");
        List<String> required = new ArrayList<>();
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> params = (Map<String, Map<String, Object>>) fn.get("parameters");
        if (params != null) {
          for (Map.Entry<String, Map<String, Object>> p : params.entrySet()) {
            Object type = p.getValue().get("type");
            if (type == null || !PARAMETER_TYPES.contains(type)) {
              throw invalid(AGENT_CONFIG, "has " + tool + " whose parameter " + p.getKey() + " has type " + type
                  + ", which is not an agent parameter type", "use one of string, number, integer, boolean, array");
            }
            ObjectNode property = properties.putObject(p.getKey());
            property.put("type", (String) type);
            Object description = p.getValue().get("description");
            if (description != null && !description.toString().isEmpty()) {
              property.put("description", description.toString());
            }
            if (Boolean.TRUE.equals(p.getValue().get("required"))) {
              required.add(p.getKey());
            }
          }
        }
        if (!required.isEmpty()) {
          ArrayNode r = inputSchema.putArray("required");
          required.forEach(r::add);
        }
        ObjectNode t = out.addObject();
        t.put("name", name);
        Object description = fn.get("description");
        if (description != null && !description.toString().isEmpty()) {
          t.put("description", description.toString());
        }
        t.set("inputSchema", inputSchema);
        toolKeys.add(AGENT_CONFIG + " " + fat);
      }
    }
    return out;
  }

  /**
   * When the config targets an agent ({@code agent} in the Bedrock config), pins the agent
   * config's instructions and action groups into {@code model.bedrock.agent}; its foundation
   * model must be {@code model_id}. Otherwise only notes the file's hash.
   */
  private static void pinAgent(@Nullable AgentConfig config, ObjectNode target, boolean agentTarget, boolean bedrock,
      List<String> notes) {
    if (config == null) {
      return;
    }
    String sha = config.sha256();
    if (!agentTarget) {
      notes.add("agent config: " + AGENT_CONFIG + " sha256 " + sha + " (recorded; "
          + (bedrock ? BEDROCK_CONFIG : SAGEMAKER_CONFIG) + " targets no agent)");
      return;
    }
    JsonNode agent = config.node();
    ObjectNode agentPin = (ObjectNode) target.get("agent");
    for (String key : List.of("instructionSha256", "actionGroupsSha256")) {
      if (agentPin.has(key)) {
        throw invalid(BEDROCK_CONFIG, "sets agent." + snake(key), "remove it; mvc build takes it from " + AGENT_CONFIG);
      }
    }
    JsonNode instructions = agent.get("instructions");
    if (instructions == null || !instructions.isTextual() || instructions.asText().isEmpty()) {
      throw invalid(AGENT_CONFIG, "needs instructions (the agent's instruction text)",
          "add \"instructions\": \"...\"");
    }
    JsonNode model = agent.get("foundation_model");
    if (model != null && !model.isNull()) {
      JsonNode modelId = target.get("modelId");
      if (modelId == null) {
        ObjectNode ordered = Json.mapper().createObjectNode();
        ordered.set("modelId", model);
        ordered.setAll(target);
        target.removeAll();
        target.setAll(ordered);
      } else if (!modelId.equals(model)) {
        throw invalid(AGENT_CONFIG, "has foundation_model " + model.asText() + " but " + BEDROCK_CONFIG
            + " has model_id " + modelId.asText(), "make them the same model: the agent version must run the pinned model");
      }
    }
    List<Map<String, Object>> groups = config.groups();
    String instructionSha = BedrockAgentDefinition.instructionSha256(instructions.asText());
    String groupsSha = BedrockAgentDefinition.actionGroupsSha256(groups);
    agentPin.put("instructionSha256", instructionSha);
    agentPin.put("actionGroupsSha256", groupsSha);
    notes.add("agent config: " + AGENT_CONFIG + " pinned as model.bedrock.agent.instructionSha256 " + instructionSha
        + " and actionGroupsSha256 " + groupsSha + " (" + groups.size() + " action group(s))");
  }

  /** Turns {@code action_groups} into the AgentActionGroup wire form {@link BedrockAgentDefinition} hashes. */
  private static List<Map<String, Object>> actionGroups(@Nullable JsonNode node, Files files) {
    List<Map<String, Object>> out = new ArrayList<>();
    if (node == null || node.isNull()) {
      return out;
    }
    if (!node.isArray()) {
      throw invalid(AGENT_CONFIG, "has action_groups that is not an array", "write \"action_groups\": [ {...} ]");
    }
    for (int i = 0; i < node.size(); i++) {
      String at = "action_groups[" + i + "]";
      JsonNode g = node.get(i);
      if (!g.isObject() || !g.path("name").isTextual()) {
        throw invalid(AGENT_CONFIG, "has " + at + " without a name", "give each action group a \"name\"");
      }
      knownKeys(g, GROUP_KEYS, at + ".", AGENT_CONFIG);
      Map<String, Object> group = new LinkedHashMap<>();
      group.put("actionGroupName", g.get("name").asText());
      putText(group, "description", g.get("description"));
      putText(group, "parentActionSignature", g.get("parent_action_signature"));
      if (g.hasNonNull("api_schema_file")) {
        String file = g.get("api_schema_file").asText();
        group.put("apiSchema", Map.of("payload", text(file, files.read(file))));
      }
      JsonNode functions = g.get("functions");
      if (functions != null && !functions.isNull()) {
        List<Object> fs = new ArrayList<>();
        for (int j = 0; j < functions.size(); j++) {
          JsonNode f = functions.get(j);
          String fat = at + ".functions[" + j + "]";
          if (!f.isObject() || !f.path("name").isTextual()) {
            throw invalid(AGENT_CONFIG, "has " + fat + " without a name", "give each function a \"name\"");
          }
          knownKeys(f, FUNCTION_KEYS, fat + ".", AGENT_CONFIG);
          Map<String, Object> fn = new LinkedHashMap<>();
          fn.put("name", f.get("name").asText());
          putText(fn, "description", f.get("description"));
          putText(fn, "requireConfirmation", f.get("require_confirmation"));
          JsonNode params = f.get("parameters");
          if (params != null && params.isObject()) {
            Map<String, Object> ps = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = params.fields(); it.hasNext(); ) {
              Map.Entry<String, JsonNode> e = it.next();
              knownKeys(e.getValue(), PARAMETER_KEYS, fat + ".parameters." + e.getKey() + ".", AGENT_CONFIG);
              Map<String, Object> p = new LinkedHashMap<>();
              putText(p, "type", e.getValue().get("type"));
              putText(p, "description", e.getValue().get("description"));
              if (e.getValue().has("required")) {
                p.put("required", e.getValue().get("required").asBoolean());
              }
              ps.put(e.getKey(), p);
            }
            fn.put("parameters", ps);
          }
          fs.add(fn);
        }
        group.put("functionSchema", Map.of("functions", fs));
      }
      out.add(group);
    }
    return out;
  }

  private static void putText(Map<String, Object> out, String key, @Nullable JsonNode value) {
    if (value != null && !value.isNull()) {
      out.put(key, value.asText());
    }
  }

  /** Refuses a key of {@code file} that is not one of {@code allowed}, naming it. */
  private static void knownKeys(JsonNode node, List<String> allowed, String prefix, String file) {
    if (!node.isObject()) {
      throw invalid(file, "has " + (prefix.isEmpty() ? "a value" : prefix.substring(0, prefix.length() - 1))
          + " that is not a JSON object", "write it as { ... }");
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!allowed.contains(key)) {
        throw invalid(file, "has unknown key " + prefix + key, "use only " + String.join(", ", allowed));
      }
    }
  }

  private static String snake(String camel) {
    return camel.replaceAll("([A-Z])", "_$1").toLowerCase(java.util.Locale.ROOT);
  }

  private static byte @Nullable [] readIfPresent(Files files, String path) {
    try {
      return files.read(path);
    } catch (CliException e) {
      if (e.exitCode() == ExitCode.NOT_FOUND) {
        return null;
      }
      throw e;
    }
  }

  private static ObjectNode promptText(String text) {
    ObjectNode p = Json.mapper().createObjectNode();
    p.put("sha256", Hashes.sha256Hex(text));
    p.put("text", text);
    return p;
  }

  /** Resolves {@code preprocess_file}/{@code postprocess_file} into their SHA-256s. */
  private static JsonNode scripts(JsonNode scripts, Files files, String configPath) {
    ObjectNode out = Json.mapper().createObjectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = scripts.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      switch (e.getKey()) {
        case "preprocessFile" -> out.put("preprocessSha256", Hashes.sha256Hex(files.read(e.getValue().asText())));
        case "postprocessFile" -> out.put("postprocessSha256", Hashes.sha256Hex(files.read(e.getValue().asText())));
        default -> out.set(e.getKey(), e.getValue());
      }
    }
    return out;
  }

  /** Converts snake_case keys to the manifest's camelCase, leaving free-form objects as written. */
  private static JsonNode camel(JsonNode node, String key) {
    if (node.isObject()) {
      if (FREE_FORM.contains(key)) {
        return node;
      }
      ObjectNode out = Json.mapper().createObjectNode();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        out.set(camelKey(e.getKey()), camel(e.getValue(), e.getKey()));
      }
      return out;
    }
    return node;
  }

  static String camelKey(String snake) {
    StringBuilder out = new StringBuilder(snake.length());
    boolean upper = false;
    for (char c : snake.toCharArray()) {
      if (c == '_') {
        upper = out.length() > 0;
      } else {
        out.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return out.toString();
  }

  /**
   * Parses a JSON file of the repository, refusing a key written twice in one object (a plain
   * parse would keep the last one silently, so a repeated key could override a reviewed value).
   */
  private static JsonNode parse(String text, String path) {
    try {
      return STRICT.readTree(text);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new CliException(ExitCode.USAGE, path + " is not valid JSON: " + e.getOriginalMessage(),
          "fix it at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()
              + " (each key once per object)");
    }
  }

  private static String requiredText(JsonNode config, String key, String configPath) {
    JsonNode v = config.get(key);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw invalid(configPath, "needs " + key + " (a path in the repository)", "add \"" + key + "\": \"prompts/....txt\"");
    }
    return v.asText();
  }

  private static String baseName(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }

  private static String text(String path, byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new CliException(ExitCode.CHECK_FAILED, path + " is not UTF-8 text", "save " + path + " as UTF-8");
    }
  }

  private static CliException invalid(String configPath, String problem, String fix) {
    return new CliException(ExitCode.CHECK_FAILED, configPath + " " + problem, fix);
  }
}
