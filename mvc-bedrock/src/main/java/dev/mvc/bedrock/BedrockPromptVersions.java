package dev.mvc.bedrock;

import dev.mvc.BedrockApi;
import dev.mvc.BedrockTarget;
import dev.mvc.InferenceParameters;
import dev.mvc.MvcException;
import dev.mvc.PromptSpec;
import dev.mvc.PromptTemplate;
import dev.mvc.PromptText;
import dev.mvc.VersionManifest;
import dev.mvc.bedrock.internal.BedrockErrorMapper;
import dev.mvc.bedrock.internal.Documents;
import dev.mvc.bedrock.internal.PromptWire;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.bedrockagent.BedrockAgentClient;
import software.amazon.awssdk.services.bedrockagent.model.ChatPromptTemplateConfiguration;
import software.amazon.awssdk.services.bedrockagent.model.ContentBlock;
import software.amazon.awssdk.services.bedrockagent.model.ConversationRole;
import software.amazon.awssdk.services.bedrockagent.model.CreatePromptVersionResponse;
import software.amazon.awssdk.services.bedrockagent.model.GetPromptResponse;
import software.amazon.awssdk.services.bedrockagent.model.Message;
import software.amazon.awssdk.services.bedrockagent.model.PromptInferenceConfiguration;
import software.amazon.awssdk.services.bedrockagent.model.PromptInputVariable;
import software.amazon.awssdk.services.bedrockagent.model.PromptModelInferenceConfiguration;
import software.amazon.awssdk.services.bedrockagent.model.PromptTemplateConfiguration;
import software.amazon.awssdk.services.bedrockagent.model.PromptTemplateType;
import software.amazon.awssdk.services.bedrockagent.model.PromptVariant;
import software.amazon.awssdk.services.bedrockagent.model.SystemContentBlock;
import software.amazon.awssdk.services.bedrockagent.model.TextPromptTemplateConfiguration;

/**
 * Reads and creates Bedrock Prompt Management prompt versions for manifests, through an Agents
 * for Bedrock client: {@link #get} reads a numbered version with its content hash (the value of
 * {@code model.bedrock.prompt.sha256}), {@link #manifest} turns one into an ordinary manifest
 * (its model, template, system prompt and inference parameters), and {@link #publish} makes a
 * version from a manifest: UpdatePrompt writes the prompt's draft, then CreatePromptVersion
 * snapshots it with the manifest digest's hex as the client token, so publishing the same
 * manifest again answers the version it made.
 *
 * <p>Bedrock templates write variables as <code>&#123;&#123;name&#125;&#125;</code>, as mvc's do;
 * mvc's escape for literal braces (<code>\&#123;&#123;</code>) has no Bedrock form, and Bedrock
 * variable names that are not mvc variable names have no mvc form: both are refused, named.
 */
public final class BedrockPromptVersions {

  /** The name of the one variant a published version holds. */
  public static final String VARIANT = "default";

  private static final Pattern VERSION_ARN = Pattern.compile(
      "arn:aws(?:-[a-z]+)*:bedrock:([a-z0-9-]+):\\d{12}:prompt/([0-9a-zA-Z]{10}):([0-9]{1,5})");
  private static final String SENTINEL = "\u0000mvc-variable:";

  private final BedrockAgentClient client;

  private BedrockPromptVersions(BedrockAgentClient client) {
    this.client = client;
  }

  /** Returns prompt versions read and written through {@code client}, which the caller closes. */
  public static BedrockPromptVersions create(BedrockAgentClient client) {
    return new BedrockPromptVersions(Objects.requireNonNull(client, "client"));
  }

  /**
   * A prompt version as GetPrompt or CreatePromptVersion returned it.
   *
   * @param arn the version ARN, {@code ...:prompt/<id>:<version>}
   * @param name the prompt's name
   * @param content the response in its wire form (see {@link BedrockPromptDefinition})
   * @param sha256 the content hash to pin as {@code model.bedrock.prompt.sha256}
   */
  public record PromptVersion(String arn, String name, Map<String, Object> content, String sha256) {
    /** Copies the content. */
    public PromptVersion {
      content = Map.copyOf(content);
    }

    /** Returns the region in the ARN. */
    public String region() {
      Matcher m = VERSION_ARN.matcher(arn);
      return m.matches() ? m.group(1) : "";
    }
  }

  /**
   * Reads a numbered prompt version with GetPrompt.
   *
   * @param versionArn {@code arn:aws:bedrock:<region>:<account>:prompt/<id>:<version>}
   * @throws MvcException naming the ARN when it names no numbered version, or the mapped Bedrock error
   */
  public PromptVersion get(String versionArn) {
    Matcher m = VERSION_ARN.matcher(versionArn);
    if (!m.matches()) {
      throw new MvcException("prompt " + versionArn + " must be a prompt version ARN "
          + "(arn:aws:bedrock:<region>:<account>:prompt/<id>:<version>, a numbered version, not DRAFT)");
    }
    GetPromptResponse r;
    try {
      r = client.getPrompt(b -> b.promptIdentifier(m.group(2)).promptVersion(m.group(3)));
    } catch (RuntimeException e) {
      throw BedrockErrorMapper.map(e, versionArn);
    }
    Map<String, Object> content = PromptWire.of(r);
    return new PromptVersion(versionArn, r.name(), content, BedrockPromptDefinition.sha256(content));
  }

  /**
   * Returns the client token a manifest's version is created with: the hex of its digest.
   * CreatePromptVersion takes 33 to 256 characters of {@code [a-zA-Z0-9-]}.
   */
  public static String clientToken(VersionManifest manifest) {
    return manifest.digest().substring("sha256:".length());
  }

  /**
   * Creates a prompt version from a manifest: writes the prompt's draft (UpdatePrompt, keeping its
   * name) with one variant {@value #VARIANT} holding the manifest's model, template (and system
   * prompt, as a CHAT template), variables and inference parameters, then CreatePromptVersion with
   * {@link #clientToken}. A retry with the same manifest answers the version made the first time.
   *
   * @param promptIdentifier the prompt's ID or ARN (without version)
   * @param templateText the manifest's template text (verified against its SHA-256 at load)
   * @param systemText the manifest's system prompt text, or null
   * @throws MvcException naming the manifest field a prompt version cannot hold, or the mapped Bedrock error
   */
  public PromptVersion publish(String promptIdentifier, VersionManifest manifest, String templateText,
      @Nullable String systemText) {
    PromptVariant variant = variant(manifest, templateText, systemText);
    CreatePromptVersionResponse r;
    try {
      String name = client.getPrompt(b -> b.promptIdentifier(promptIdentifier)).name();
      client.updatePrompt(b -> b.promptIdentifier(promptIdentifier).name(name).defaultVariant(VARIANT)
          .variants(variant).description(shorten(manifest.name() + " " + manifest.version())));
      r = client.createPromptVersion(b -> b.promptIdentifier(promptIdentifier).clientToken(clientToken(manifest))
          .description(shorten(manifest.name() + " " + manifest.version() + " " + manifest.digest())));
    } catch (RuntimeException e) {
      throw BedrockErrorMapper.map(e, promptIdentifier);
    }
    Map<String, Object> content = PromptWire.of(r);
    return new PromptVersion(r.arn(), r.name(), content, BedrockPromptDefinition.sha256(content));
  }

  /** Returns the prompt variant that stands for a manifest; throws naming a field it cannot hold. */
  static PromptVariant variant(VersionManifest manifest, String templateText, @Nullable String systemText) {
    if (!(manifest.model() instanceof BedrockTarget t)) {
      throw cannot("model", "a prompt version calls a Bedrock model");
    }
    if (t.api() != BedrockApi.CONVERSE) {
      throw cannot("model.bedrock.api", "a prompt version is called through Converse, not " + t.api().jsonName());
    }
    Map<String, Object> routes = new LinkedHashMap<>(t.manifestFields());
    for (String key : List.of("guardrail", "knowledgeBase", "agent", "inferenceProfile", "provisionedThroughput",
        "customModel", "importedModel", "prompt", "requestMetadata", "serviceTier", "latency")) {
      if (routes.containsKey(key)) {
        throw cannot("model.bedrock." + key, "a prompt version holds a model ID, a template and inference"
            + " parameters only");
      }
    }
    PromptSpec prompt = manifest.prompt();
    if (prompt.tools() != null) {
      throw cannot("prompt.tools", "mvc publishes templates without tools");
    }
    if (!prompt.cachePoints().isEmpty()) {
      throw cannot("prompt.cachePoints", "mvc publishes templates without cache points");
    }
    InferenceParameters p = manifest.inference();
    if (!p.overridable().isEmpty()) {
      throw cannot("inference.overridable", "a call through a prompt version cannot override its parameters");
    }
    List<PromptInputVariable> inputs = new ArrayList<>();
    prompt.variables().forEach(v -> inputs.add(PromptInputVariable.builder().name(v).build()));
    String template = toBedrockTemplate("prompt.template", templateText);
    PromptTemplateConfiguration config;
    PromptTemplateType type;
    if (systemText == null) {
      type = PromptTemplateType.TEXT;
      config = PromptTemplateConfiguration.fromText(TextPromptTemplateConfiguration.builder().text(template)
          .inputVariables(inputs).build());
    } else {
      type = PromptTemplateType.CHAT;
      config = PromptTemplateConfiguration.fromChat(ChatPromptTemplateConfiguration.builder()
          .messages(Message.builder().role(ConversationRole.USER).content(ContentBlock.fromText(template)).build())
          .system(SystemContentBlock.fromText(toBedrockTemplate("prompt.system", systemText)))
          .inputVariables(inputs).build());
    }
    PromptVariant.Builder b = PromptVariant.builder().name(VARIANT).templateType(type).templateConfiguration(config)
        .modelId(t.modelId());
    PromptModelInferenceConfiguration.Builder inference = PromptModelInferenceConfiguration.builder();
    boolean any = false;
    if (p.temperature() != null) {
      inference.temperature(p.temperature().floatValue());
      any = true;
    }
    if (p.topP() != null) {
      inference.topP(p.topP().floatValue());
      any = true;
    }
    if (p.maxTokens() != null) {
      inference.maxTokens(p.maxTokens());
      any = true;
    }
    if (!p.stopSequences().isEmpty()) {
      inference.stopSequences(p.stopSequences());
      any = true;
    }
    if (any) {
      b.inferenceConfiguration(PromptInferenceConfiguration.fromText(inference.build()));
    }
    if (!p.additionalModelFields().isEmpty()) {
      b.additionalModelRequestFields(Documents.of("inference.additionalModelFields", p.additionalModelFields()));
    }
    return b.build();
  }

  /**
   * Returns an ordinary manifest's builder (model, prompt and inference set; name, version and
   * creation time left to the caller) that calls what a prompt version calls: its default
   * variant's model with its template, system prompt, variables and inference parameters.
   *
   * @throws MvcException naming the part of the version a manifest cannot represent
   */
  public static VersionManifest.Builder manifest(PromptVersion version) {
    String where = "prompt version " + version.arn();
    Map<?, ?> variant = defaultVariant(version.content(), where);
    if (variant.get("genAiResource") != null) {
      throw new MvcException(where + ": genAiResource (an agent) cannot be represented in a manifest, which calls a"
          + " model");
    }
    Object modelId = variant.get("modelId");
    if (!(modelId instanceof String model) || model.isEmpty()) {
      throw new MvcException(where + ": its variant names no modelId, so there is no model to pin");
    }
    Map<?, ?> config = map(variant.get("templateConfiguration"));
    List<String> variables = new ArrayList<>();
    String template;
    String system = null;
    if (config.get("text") instanceof Map<?, ?> text) {
      refuse(where, text, "templateConfiguration.text.cachePoint", "cachePoint");
      variables = names(text.get("inputVariables"));
      template = fromBedrockTemplate(where + " templateConfiguration.text.text", String.valueOf(text.get("text")), variables);
    } else if (config.get("chat") instanceof Map<?, ?> chat) {
      refuse(where, chat, "templateConfiguration.chat.toolConfiguration", "toolConfiguration");
      variables = names(chat.get("inputVariables"));
      List<?> messages = chat.get("messages") instanceof List<?> l ? l : List.of();
      if (messages.size() != 1 || !"user".equals(map(messages.get(0)).get("role"))) {
        throw new MvcException(where + ": its chat template has " + messages.size() + " messages; a manifest"
            + " represents one user message (the template) after an optional system prompt");
      }
      template = fromBedrockTemplate(where + " templateConfiguration.chat.messages[0]",
          onlyText(where + " templateConfiguration.chat.messages[0].content", map(messages.get(0)).get("content")),
          variables);
      if (chat.get("system") instanceof List<?> blocks && !blocks.isEmpty()) {
        system = fromBedrockTemplate(where + " templateConfiguration.chat.system",
            onlyText(where + " templateConfiguration.chat.system", blocks), variables);
      }
    } else {
      throw new MvcException(where + ": its templateConfiguration holds neither a text nor a chat template");
    }
    BedrockTarget.Builder target = BedrockTarget.builder(model);
    if (!version.region().isEmpty()) {
      target.region(version.region());
    }
    PromptSpec.Builder prompt = PromptSpec.builder(PromptText.inline(template)).variables(variables);
    if (system != null) {
      prompt.system(PromptText.inline(system));
    }
    InferenceParameters.Builder inference = InferenceParameters.builder();
    if (variant.get("inferenceConfiguration") instanceof Map<?, ?> ic && ic.get("text") instanceof Map<?, ?> t) {
      if (t.get("temperature") instanceof Number n) {
        inference.temperature(decimal(n));
      }
      if (t.get("topP") instanceof Number n) {
        inference.topP(decimal(n));
      }
      if (t.get("maxTokens") instanceof Number n) {
        inference.maxTokens(n.intValue());
      }
      if (t.get("stopSequences") instanceof List<?> stops && !stops.isEmpty()) {
        List<String> s = new ArrayList<>();
        stops.forEach(x -> s.add(String.valueOf(x)));
        inference.stopSequences(s);
      }
    }
    if (variant.get("additionalModelRequestFields") instanceof Map<?, ?> fields) {
      fields.forEach((k, v) -> inference.additionalModelField(String.valueOf(k), jsonValue(v)));
    }
    return VersionManifest.builder().model(target.build()).prompt(prompt.build()).inference(inference.build());
  }

  /**
   * Returns an mvc template in Bedrock's syntax: each <code>&#123;&#123; name &#125;&#125;</code>
   * as <code>&#123;&#123;name&#125;&#125;</code>.
   *
   * @throws MvcException naming {@code field} when the template writes literal braces, which
   *     Bedrock would read as a variable
   */
  public static String toBedrockTemplate(String field, String mvcTemplate) {
    PromptTemplate compiled = PromptTemplate.compile(mvcTemplate);
    Map<String, String> sentinels = new LinkedHashMap<>();
    compiled.variables().forEach(v -> sentinels.put(v, SENTINEL + v + "\u0000"));
    String rendered = compiled.render(sentinels);
    int literal = rendered.indexOf("{{");
    if (literal >= 0) {
      throw new MvcException(field + " writes literal braces {{ (at offset " + literal + " of the rendered text),"
          + " which a Bedrock prompt template would read as a variable");
    }
    for (String v : compiled.variables()) {
      rendered = rendered.replace(sentinels.get(v), "{{" + v + "}}");
    }
    return rendered;
  }

  /**
   * Returns a Bedrock template in mvc's syntax: each <code>&#123;&#123;name&#125;&#125;</code> of a
   * declared variable stays, any other <code>&#123;&#123;</code> becomes the literal
   * <code>\&#123;&#123;</code>.
   *
   * @throws MvcException naming {@code where} for a variable name mvc cannot write, or a backslash
   *     before <code>&#123;&#123;</code>
   */
  public static String fromBedrockTemplate(String where, String text, List<String> variables) {
    for (String v : variables) {
      if (!v.matches("[A-Za-z_][A-Za-z0-9_]{0,63}")) {
        throw new MvcException(where + ": variable " + v + " is not an mvc variable name ([A-Za-z_][A-Za-z0-9_]{0,63})");
      }
    }
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      int open = text.indexOf("{{", i);
      if (open < 0) {
        out.append(text, i, text.length());
        break;
      }
      if (open > 0 && text.charAt(open - 1) == '\\') {
        throw new MvcException(where + " holds \\{{ at offset " + (open - 1) + ", which mvc's template syntax reads"
            + " as escaped braces");
      }
      out.append(text, i, open);
      int close = text.indexOf("}}", open + 2);
      String name = close < 0 ? null : text.substring(open + 2, close);
      if (name != null && variables.contains(name)) {
        out.append("{{").append(name).append("}}");
        i = close + 2;
      } else {
        out.append("\\{{");
        i = open + 2;
      }
    }
    return out.toString();
  }

  private static Map<?, ?> defaultVariant(Map<String, ?> content, String where) {
    if (!(content.get("variants") instanceof List<?> variants) || variants.isEmpty()) {
      throw new MvcException(where + " has no variant");
    }
    Object name = content.get("defaultVariant");
    for (Object v : variants) {
      if (v instanceof Map<?, ?> m && (name == null || name.equals(m.get("name")))) {
        return m;
      }
    }
    throw new MvcException(where + ": its defaultVariant " + name + " is none of its variants");
  }

  private static String onlyText(String where, @Nullable Object blocks) {
    StringBuilder out = new StringBuilder();
    if (blocks instanceof List<?> list) {
      for (Object b : list) {
        Map<?, ?> block = map(b);
        if (block.get("text") == null || block.size() != 1) {
          throw new MvcException(where + " holds " + block.keySet() + "; a manifest represents text only");
        }
        out.append(block.get("text"));
      }
    }
    return out.toString();
  }

  private static void refuse(String where, Map<?, ?> config, String path, String key) {
    if (config.get(key) != null) {
      throw new MvcException(where + ": " + path + " cannot be represented in a manifest");
    }
  }

  private static List<String> names(@Nullable Object inputVariables) {
    List<String> out = new ArrayList<>();
    if (inputVariables instanceof List<?> list) {
      for (Object v : list) {
        Object name = map(v).get("name");
        if (name != null && !out.contains(String.valueOf(name))) {
          out.add(String.valueOf(name));
        }
      }
    }
    return out;
  }

  private static Map<?, ?> map(@Nullable Object value) {
    return value instanceof Map<?, ?> m ? m : Map.of();
  }

  /** Returns a float the service stored as the double of its shortest decimal form. */
  private static double decimal(Number n) {
    return n instanceof Float f ? Double.parseDouble(Float.toString(f)) : n.doubleValue();
  }

  private static @Nullable Object jsonValue(@Nullable Object v) {
    if (v instanceof BigDecimal d) {
      try {
        long l = d.longValueExact();
        return l == (int) l ? (Object) (int) l : (Object) l;
      } catch (ArithmeticException notIntegral) {
        return d.doubleValue();
      }
    }
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, x) -> out.put(String.valueOf(k), jsonValue(x)));
      return out;
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      l.forEach(x -> out.add(jsonValue(x)));
      return out;
    }
    return v;
  }

  private static MvcException cannot(String field, String why) {
    return new MvcException(field + " cannot be published as a Bedrock prompt version: " + why);
  }

  private static String shorten(String description) {
    return description.length() <= 200 ? description : description.substring(0, 200);
  }
}
