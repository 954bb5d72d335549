package dev.mvc.emulators.bedrock.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.mvc.emulators.bedrock.BedrockErrorType;
import dev.mvc.emulators.bedrock.BedrockModelLifecycle;
import dev.mvc.emulators.bedrock.BedrockOperation;
import dev.mvc.emulators.bedrock.BedrockReply;
import dev.mvc.emulators.bedrock.RecordedBedrockRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A WireMock transformer that answers every request of the emulator: it routes the path to a
 * Bedrock operation, records the request, takes the next scripted reply and renders it.
 */
public final class BedrockDispatcher implements ResponseDefinitionTransformerV2 {

  /** The extension name under which the dispatcher is registered. */
  public static final String NAME = "mvc-bedrock-emulator";

  static final String EVENT_STREAM = "application/vnd.amazon.eventstream";
  private static final String ERROR_TYPE_SUFFIX = ":http://internal.amazon.com/coral/com.amazon.bedrock/";
  private static final Pattern RUNTIME_PATH = Pattern.compile(
      "/model/([^/]+)/(converse|converse-stream|invoke|invoke-with-response-stream)");
  private static final Pattern CONTROL_PATH = Pattern.compile("/foundation-models/([^/]+)");
  private static final Pattern AGENT_PATH = Pattern.compile("/agents/([^/]+)/agentAliases/([^/]+)/sessions/([^/]+)/text");
  private static final Pattern ALIAS_PATH = Pattern.compile("/agents/([^/]+)/agentaliases/([^/]+)/?");
  private static final Pattern AGENT_VERSION_PATH = Pattern.compile("/agents/([^/]+)/agentversions/([^/]+)/?");
  private static final Pattern ACTION_GROUPS_PATH =
      Pattern.compile("/agents/([^/]+)/agentversions/([^/]+)/actiongroups/?");
  private static final Pattern ACTION_GROUP_PATH =
      Pattern.compile("/agents/([^/]+)/agentversions/([^/]+)/actiongroups/([^/]+)/?");
  /** ListAgentActionGroups returns at most this many summaries a page (ActionGroupSummaries max). */
  private static final int ACTION_GROUPS_PAGE = 10;
  private static final Pattern INGESTION_JOBS_PATH =
      Pattern.compile("/knowledgebases/([^/]+)/datasources/([^/]+)/ingestionjobs/?");
  private static final Pattern RESOURCE_PATH = Pattern.compile(
      "/(inference-profiles|provisioned-model-throughput|custom-models|imported-models)/([^/]+)");
  private static final Pattern PROMPT_PATH = Pattern.compile("/prompts/([^/]+)/?");
  private static final Pattern PROMPT_VERSIONS_PATH = Pattern.compile("/prompts/([^/]+)/versions/?");
  /** The Converse fields Bedrock refuses when the model ID is a prompt: the prompt version defines them. */
  private static final List<String> PROMPT_DEFINED =
      List.of("inferenceConfig", "system", "toolConfig", "additionalModelRequestFields");
  private static final String FOUNDATION_MODEL_ARN = ":foundation-model/";
  private static final String PAGE_TOKEN_PREFIX = "page-";
  private static final Pattern CREDENTIAL_REGION = Pattern.compile("Credential=[^/]+/\\d+/([^/]+)/");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final EmulatorState state;

  /** Creates a dispatcher that serves from the given state. */
  public BedrockDispatcher(EmulatorState state) {
    this.state = state;
  }

  @Override
  public String getName() {
    return NAME;
  }

  @Override
  public boolean applyGlobally() {
    return true;
  }

  @Override
  public ResponseDefinition transform(ServeEvent serveEvent) {
    LoggedRequest request = serveEvent.getRequest();
    String path = pathOf(request.getUrl());
    String method = request.getMethod().getName();
    Route route = route(method, path);
    if (route == null) {
      return error(404, "UnknownOperationException",
          "No Bedrock operation for " + method + " " + path, UUID.randomUUID().toString(), 0);
    }
    String body = new String(request.getBody(), StandardCharsets.UTF_8);
    if (route.operation == BedrockOperation.RETRIEVE_AND_GENERATE) {
      route = new Route(route.operation, modelOfArn(body), null, null);
    }
    state.record(new RecordedBedrockRequest(
        route.operation, route.modelId, method, path, headersOf(request), body));

    if (route.operation == BedrockOperation.GET_FOUNDATION_MODEL) {
      return foundationModel(route.modelId, request);
    }
    if (route.operation == BedrockOperation.LIST_INGESTION_JOBS) {
      return ingestionJobs(route, body);
    }
    if (route.operation == BedrockOperation.GET_AGENT_ALIAS) {
      return agentAlias(route, request);
    }
    if (route.operation == BedrockOperation.GET_AGENT_VERSION || route.operation == BedrockOperation.LIST_AGENT_ACTION_GROUPS
        || route.operation == BedrockOperation.GET_AGENT_ACTION_GROUP) {
      return agentVersion(route, request, body);
    }
    if (route.operation == BedrockOperation.GET_PROMPT || route.operation == BedrockOperation.UPDATE_PROMPT
        || route.operation == BedrockOperation.CREATE_PROMPT_VERSION) {
      return prompt(route, request, body);
    }
    if (route.operation.controlPlane()) {
      return controlResource(route);
    }
    String invalid = validate(route, state.modelBehind(route.modelId), body);
    if (invalid == null && (route.operation == BedrockOperation.CONVERSE
        || route.operation == BedrockOperation.CONVERSE_STREAM)) {
      invalid = state.thinking().problem(tree(body));
    } else if (invalid == null && (route.operation == BedrockOperation.INVOKE_MODEL
        || route.operation == BedrockOperation.INVOKE_MODEL_WITH_RESPONSE_STREAM)) {
      invalid = state.thinking().anthropicProblem(tree(body));
    }
    String rendered = null;
    if (invalid == null && PromptStore.PROMPT_ARN.matcher(route.modelId).matches()) {
      JsonNode content = state.prompts().versionContent(route.modelId);
      if (content == null) {
        return error(404, "ResourceNotFoundException", "The prompt " + route.modelId + " does not exist.",
            UUID.randomUUID().toString(), 0);
      }
      try {
        rendered = PromptStore.render(content, tree(body).path("promptVariables"));
      } catch (IllegalArgumentException e) {
        invalid = e.getMessage();
      }
    }
    if (invalid != null) {
      return error(BedrockErrorType.VALIDATION.statusCode(), BedrockErrorType.VALIDATION.errorTypeName(),
          invalid, UUID.randomUUID().toString(), 0);
    }
    BedrockReply reply = state.nextReply(route.modelId);
    if (rendered != null && reply == EmulatorState.DEFAULT_REPLY) {
      // Nothing scripted for the prompt: answer with the prompt as rendered, so a test sees what Bedrock would send.
      reply = BedrockReply.text(rendered);
    }
    String requestId = reply.requestId() != null ? reply.requestId() : UUID.randomUUID().toString();
    int delayMs = (int) reply.delay().toMillis();
    if (reply.isConnectionReset()) {
      return ResponseDefinitionBuilder.responseDefinition()
          .withFault(com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER)
          .withFixedDelay(delayMs).build();
    }
    String refusal = refusal(route.operation, reply);
    if (refusal != null) {
      return error(BedrockErrorType.VALIDATION.statusCode(), BedrockErrorType.VALIDATION.errorTypeName(),
          refusal, requestId, delayMs);
    }
    BedrockErrorType type = reply.errorType();
    if (type != null) {
      return error(type.statusCode(route.operation), type.errorTypeName(), reply.message(), requestId, delayMs);
    }
    String errorTypeName = reply.errorTypeName();
    if (errorTypeName != null) {
      return error(reply.statusCode(), errorTypeName, reply.message(), requestId, delayMs);
    }
    BedrockErrorType failure = reply.streamFailure();
    if (failure != null && route.operation.streaming() && !route.operation.streamExceptions().contains(failure)) {
      // Not an exception this stream models: AWS reports it before the stream, as an HTTP error.
      return error(failure.statusCode(route.operation), failure.errorTypeName(), reply.message(), requestId, delayMs);
    }
    return success(route, reply, requestId, delayMs, body);
  }

  /**
   * Returns why the operation cannot send the scripted reply the way AWS would, or null if it
   * can: an error its service model does not declare, or an in-stream exception its stream does
   * not model after text has been sent.
   */
  static @Nullable String refusal(BedrockOperation operation, BedrockReply reply) {
    BedrockErrorType type = reply.errorType();
    if (type != null && !operation.errors().contains(type)) {
      return "The Bedrock emulator refuses the scripted reply: " + operationName(operation) + " does not return "
          + type.errorTypeName() + " (its service model declares " + names(operation.errors(), false) + ")";
    }
    BedrockErrorType failure = reply.streamFailure();
    if (failure == null || !operation.streaming() || operation.streamExceptions().contains(failure)) {
      return null;
    }
    if (reply.streamFailureAfter() > 0) {
      return "The Bedrock emulator refuses the scripted reply: the " + operationName(operation)
          + " event stream does not carry " + failure.streamExceptionTypeName() + " (it models "
          + names(operation.streamExceptions(), true) + "); end the stream with one of those, or fail before the "
          + "first delta for an HTTP error";
    }
    if (!operation.errors().contains(failure)) {
      return "The Bedrock emulator refuses the scripted reply: " + operationName(operation) + " does not return "
          + failure.errorTypeName() + " (its service model declares " + names(operation.errors(), false) + ")";
    }
    return null;
  }

  private static String names(java.util.Set<BedrockErrorType> types, boolean stream) {
    List<String> out = new java.util.ArrayList<>();
    for (BedrockErrorType t : types) {
      out.add(stream ? t.streamExceptionTypeName() : t.errorTypeName());
    }
    return String.join(", ", out);
  }

  private static String operationName(BedrockOperation operation) {
    StringBuilder out = new StringBuilder();
    for (String word : operation.name().split("_")) {
      out.append(word.charAt(0)).append(word.substring(1).toLowerCase(java.util.Locale.ROOT));
    }
    return out.toString();
  }

  private ResponseDefinition success(Route route, BedrockReply reply, String requestId, int delayMs, String body) {
    ResponseDefinitionBuilder response = ResponseDefinitionBuilder.responseDefinition()
        .withStatus(200)
        .withHeader("x-amzn-RequestId", requestId)
        .withFixedDelay(delayMs);
    String messageId = "msg_bdrk_" + requestId.replace("-", "");
    state.thinking().rendered(reply);
    switch (route.operation) {
      case CONVERSE:
        response.withHeader("Content-Type", "application/json").withBody(ReplyRenderer.converse(reply));
        break;
      case CONVERSE_STREAM:
        response.withHeader("Content-Type", EVENT_STREAM).withBody(ReplyRenderer.converseStream(reply));
        break;
      case INVOKE_MODEL:
        response.withHeader("Content-Type", "application/json")
            .withHeader("x-amzn-bedrock-input-token-count", String.valueOf(reply.inputTokens()))
            .withHeader("x-amzn-bedrock-output-token-count", String.valueOf(reply.outputTokens()))
            .withHeader("x-amzn-bedrock-invocation-latency", String.valueOf(reply.latencyMs()))
            .withBody(ReplyRenderer.anthropicMessage(reply, state.modelBehind(route.modelId), messageId));
        break;
      case INVOKE_MODEL_WITH_RESPONSE_STREAM:
        response.withHeader("Content-Type", EVENT_STREAM)
            .withHeader("x-amzn-bedrock-content-type", "application/json")
            .withBody(ReplyRenderer.anthropicStream(reply, state.modelBehind(route.modelId), messageId));
        break;
      case RETRIEVE_AND_GENERATE:
        String session = tree(body).path("sessionId").asText("");
        response.withHeader("Content-Type", "application/json")
            .withBody(ReplyRenderer.retrieveAndGenerate(reply, session.isEmpty() ? UUID.randomUUID().toString() : session));
        break;
      case INVOKE_AGENT:
        response.withHeader("Content-Type", EVENT_STREAM)
            .withHeader("x-amzn-bedrock-agent-content-type", "application/json")
            .withHeader("x-amz-bedrock-agent-session-id", route.third)
            .withBody(ReplyRenderer.agentStream(reply));
        break;
      default:
        throw new IllegalStateException("not a runtime operation: " + route.operation);
    }
    return response.build();
  }

  private ResponseDefinition foundationModel(String modelId, LoggedRequest request) {
    BedrockModelLifecycle lifecycle = state.lifecycleOf(modelId);
    String requestId = UUID.randomUUID().toString();
    if (lifecycle == null) {
      return error(404, "ResourceNotFoundException", "The model " + modelId + " does not exist.", requestId, 0);
    }
    return ResponseDefinitionBuilder.responseDefinition()
        .withStatus(200)
        .withHeader("x-amzn-RequestId", requestId)
        .withHeader("Content-Type", "application/json")
        .withBody(ReplyRenderer.foundationModel(modelId, regionOf(request), lifecycle, state.lifecycleDatesOf(modelId)))
        .build();
  }

  private ResponseDefinition controlResource(Route route) {
    String requestId = UUID.randomUUID().toString();
    byte[] body = state.controlResource(route.operation, route.modelId);
    if (body == null) {
      return error(404, "ResourceNotFoundException", "The resource " + route.modelId + " does not exist.",
          requestId, 0);
    }
    return ResponseDefinitionBuilder.responseDefinition()
        .withStatus(200)
        .withHeader("x-amzn-RequestId", requestId)
        .withHeader("Content-Type", "application/json")
        .withBody(body)
        .build();
  }

  private ResponseDefinition ingestionJobs(Route route, String body) {
    String requestId = UUID.randomUUID().toString();
    java.util.List<EmulatorState.IngestionJob> jobs = state.ingestionJobs(route.modelId, route.second);
    if (jobs == null) {
      return error(404, "ResourceNotFoundException", "Data source " + route.second + " of knowledge base "
          + route.modelId + " does not exist.", requestId, 0);
    }
    JsonNode request = tree(body);
    java.util.List<EmulatorState.IngestionJob> selected = new java.util.ArrayList<>();
    for (EmulatorState.IngestionJob job : jobs) {
      if (matches(request.path("filters"), job)) {
        selected.add(job);
      }
    }
    if ("DESCENDING".equals(request.path("sortBy").path("order").asText())) {
      java.util.Collections.reverse(selected);
    }
    JsonNode maxNode = request.path("maxResults");
    int max = maxNode.isMissingNode() || maxNode.isNull() ? Integer.MAX_VALUE : maxNode.asInt(0);
    if (!maxNode.isMissingNode() && !maxNode.isNull() && (!maxNode.isIntegralNumber() || max < 1 || max > 1000)) {
      return error(400, "ValidationException", "1 validation error detected: Value '" + maxNode
          + "' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 1000", requestId, 0);
    }
    int start = 0;
    JsonNode tokenNode = request.path("nextToken");
    if (!tokenNode.isMissingNode() && !tokenNode.isNull()) {
      start = pageStart(tokenNode.asText(), selected.size());
      if (start < 0) {
        return error(400, "ValidationException", "The nextToken '" + tokenNode.asText()
            + "' is not one this ListIngestionJobs returned", requestId, 0);
      }
    }
    int end = (int) Math.min(selected.size(), (long) start + max);
    String nextToken = end < selected.size() ? PAGE_TOKEN_PREFIX + end : null;
    return ResponseDefinitionBuilder.responseDefinition()
        .withStatus(200)
        .withHeader("x-amzn-RequestId", requestId)
        .withHeader("Content-Type", "application/json")
        .withBody(ReplyRenderer.ingestionJobs(route.modelId, route.second, selected.subList(start, end), nextToken))
        .build();
  }

  /** Returns the first index of the page a token names, or -1 if the token is not one the emulator issued. */
  private static int pageStart(String token, int size) {
    if (!token.startsWith(PAGE_TOKEN_PREFIX)) {
      return -1;
    }
    try {
      int start = Integer.parseInt(token.substring(PAGE_TOKEN_PREFIX.length()));
      return start >= 0 && start <= size ? start : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static boolean matches(JsonNode filters, EmulatorState.IngestionJob job) {
    for (JsonNode filter : filters) {
      if ("STATUS".equals(filter.path("attribute").asText())) {
        boolean any = false;
        for (JsonNode value : filter.path("values")) {
          any |= value.asText().equals(job.status());
        }
        if (!any) {
          return false;
        }
      }
    }
    return true;
  }

  private ResponseDefinition agentAlias(Route route, LoggedRequest request) {
    String requestId = UUID.randomUUID().toString();
    java.util.List<String> versions = state.agentAliasRouting(route.modelId, route.second);
    if (versions == null) {
      return error(404, "ResourceNotFoundException", "Alias " + route.second + " of agent " + route.modelId
          + " does not exist.", requestId, 0);
    }
    return ResponseDefinitionBuilder.responseDefinition()
        .withStatus(200)
        .withHeader("x-amzn-RequestId", requestId)
        .withHeader("Content-Type", "application/json")
        .withBody(ReplyRenderer.agentAlias(route.modelId, route.second, regionOf(request), versions))
        .build();
  }

  /** Answers GetAgentVersion, ListAgentActionGroups and GetAgentActionGroup from the scripted agent versions. */
  private ResponseDefinition agentVersion(Route route, LoggedRequest request, String body) {
    String requestId = UUID.randomUUID().toString();
    EmulatorState.AgentVersion v = state.agentVersion(route.modelId, route.second);
    if (v == null) {
      return error(404, "ResourceNotFoundException", "Version " + route.second + " of agent " + route.modelId
          + " does not exist.", requestId, 0);
    }
    byte[] reply;
    if (route.operation == BedrockOperation.GET_AGENT_VERSION) {
      reply = ReplyRenderer.agentVersion(route.modelId, route.second, regionOf(request), v);
    } else if (route.operation == BedrockOperation.GET_AGENT_ACTION_GROUP) {
      com.fasterxml.jackson.databind.node.ObjectNode found = null;
      for (com.fasterxml.jackson.databind.node.ObjectNode g : v.actionGroups()) {
        if (g.path("actionGroupId").asText().equals(route.third)) {
          found = g;
        }
      }
      if (found == null) {
        return error(404, "ResourceNotFoundException", "Action group " + route.third + " of version " + route.second
            + " of agent " + route.modelId + " does not exist.", requestId, 0);
      }
      reply = ReplyRenderer.actionGroup(route.modelId, route.second, found);
    } else {
      JsonNode req = tree(body);
      JsonNode maxNode = req.path("maxResults");
      int max = ACTION_GROUPS_PAGE;
      if (!maxNode.isMissingNode() && !maxNode.isNull()) {
        if (!maxNode.isIntegralNumber() || maxNode.asInt() < 1 || maxNode.asInt() > 1000) {
          return error(400, "ValidationException", "1 validation error detected: Value '" + maxNode
              + "' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 1000",
              requestId, 0);
        }
        max = Math.min(ACTION_GROUPS_PAGE, maxNode.asInt());
      }
      int start = 0;
      JsonNode tokenNode = req.path("nextToken");
      if (!tokenNode.isMissingNode() && !tokenNode.isNull()) {
        start = pageStart(tokenNode.asText(), v.actionGroups().size());
        if (start < 0) {
          return error(400, "ValidationException", "The nextToken '" + tokenNode.asText()
              + "' is not one this ListAgentActionGroups returned", requestId, 0);
        }
      }
      int end = Math.min(v.actionGroups().size(), start + max);
      reply = ReplyRenderer.actionGroupSummaries(v.actionGroups().subList(start, end),
          end < v.actionGroups().size() ? PAGE_TOKEN_PREFIX + end : null);
    }
    return ResponseDefinitionBuilder.responseDefinition()
        .withStatus(200)
        .withHeader("x-amzn-RequestId", requestId)
        .withHeader("Content-Type", "application/json")
        .withBody(reply)
        .build();
  }

  /** Answers GetPrompt, UpdatePrompt and CreatePromptVersion from the emulator's prompts. */
  private ResponseDefinition prompt(Route route, LoggedRequest request, String body) {
    PromptStore.Answer answer;
    if (route.operation == BedrockOperation.GET_PROMPT) {
      String version = request.queryParameter("promptVersion").isPresent()
          ? request.queryParameter("promptVersion").firstValue() : null;
      answer = state.prompts().get(route.modelId, version);
    } else if (route.operation == BedrockOperation.UPDATE_PROMPT) {
      answer = state.prompts().update(route.modelId, tree(body));
    } else {
      answer = state.prompts().createVersion(route.modelId, tree(body));
    }
    String requestId = UUID.randomUUID().toString();
    if (answer.errorType() != null) {
      return error(answer.status(), answer.errorType(), answer.message(), requestId, 0);
    }
    return ResponseDefinitionBuilder.responseDefinition()
        .withStatus(answer.status())
        .withHeader("x-amzn-RequestId", requestId)
        .withHeader("Content-Type", "application/json")
        .withBody(answer.body())
        .build();
  }

  private static ResponseDefinition error(
      int status, String errorTypeName, String message, String requestId, int delayMs) {
    return ResponseDefinitionBuilder.responseDefinition()
        .withStatus(status)
        .withHeader("x-amzn-RequestId", requestId)
        .withHeader("x-amzn-ErrorType", errorTypeName + ERROR_TYPE_SUFFIX)
        .withHeader("Content-Type", "application/json")
        .withBody(ReplyRenderer.errorBody(message))
        .withFixedDelay(delayMs)
        .build();
  }

  /** Returns why the body is not acceptable for the operation, or null if it is. */
  private static @Nullable String validate(Route route, String servingModel, String body) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (IOException e) {
      return "Malformed input request: the body is not valid JSON";
    }
    if (root == null || !root.isObject()) {
      return "Malformed input request: the body must be a JSON object";
    }
    if (route.operation == BedrockOperation.RETRIEVE_AND_GENERATE) {
      if (!root.path("input").path("text").isTextual() || root.path("input").path("text").asText().isEmpty()) {
        return "1 validation error detected: Value at 'input.text' failed to satisfy constraint: Member must not be null";
      }
      JsonNode config = root.path("retrieveAndGenerateConfiguration");
      if (!"KNOWLEDGE_BASE".equals(config.path("type").asText())) {
        return "retrieveAndGenerateConfiguration.type must be KNOWLEDGE_BASE in the Bedrock emulator";
      }
      JsonNode kb = config.path("knowledgeBaseConfiguration");
      for (String required : List.of("knowledgeBaseId", "modelArn")) {
        if (!kb.path(required).isTextual()) {
          return "1 validation error detected: Value at 'retrieveAndGenerateConfiguration.knowledgeBaseConfiguration."
              + required + "' failed to satisfy constraint: Member must not be null";
        }
      }
      return null;
    }
    if (route.operation == BedrockOperation.INVOKE_AGENT) {
      if (!root.path("inputText").isTextual()) {
        return "1 validation error detected: Value at 'inputText' failed to satisfy constraint: Member must not be null";
      }
      return null;
    }
    if ((route.operation == BedrockOperation.CONVERSE || route.operation == BedrockOperation.CONVERSE_STREAM)
        && PromptStore.PROMPT_ARN.matcher(route.modelId).matches()) {
      for (String field : PROMPT_DEFINED) {
        if (root.has(field)) {
          return "The model ID " + route.modelId + " is a prompt resource, which defines " + field
              + " itself; remove " + field + " from the request";
        }
      }
      return null;
    }
    if (route.operation == BedrockOperation.CONVERSE || route.operation == BedrockOperation.CONVERSE_STREAM) {
      JsonNode messages = root.get("messages");
      if (messages == null || !messages.isArray() || messages.isEmpty()) {
        return "The messages field must contain at least one message";
      }
      return Attachments.converseProblem(root);
    }
    if ("anthropic".equals(ModelIds.provider(servingModel))) {
      for (String required : List.of("anthropic_version", "max_tokens", "messages")) {
        if (!root.has(required)) {
          return "Malformed input request: #: required key [" + required + "] not found";
        }
      }
      return Attachments.anthropicProblem(root);
    }
    return null;
  }

  private static @Nullable Route route(String method, String path) {
    Matcher runtime = RUNTIME_PATH.matcher(path);
    if ("POST".equals(method) && runtime.matches()) {
      BedrockOperation operation;
      switch (runtime.group(2)) {
        case "converse":
          operation = BedrockOperation.CONVERSE;
          break;
        case "converse-stream":
          operation = BedrockOperation.CONVERSE_STREAM;
          break;
        case "invoke":
          operation = BedrockOperation.INVOKE_MODEL;
          break;
        default:
          operation = BedrockOperation.INVOKE_MODEL_WITH_RESPONSE_STREAM;
          break;
      }
      return new Route(operation, ModelIds.decodePathSegment(runtime.group(1)), null, null);
    }
    Matcher control = CONTROL_PATH.matcher(path);
    if ("GET".equals(method) && control.matches()) {
      return new Route(BedrockOperation.GET_FOUNDATION_MODEL, ModelIds.decodePathSegment(control.group(1)), null, null);
    }
    Matcher resource = RESOURCE_PATH.matcher(path);
    if ("GET".equals(method) && resource.matches()) {
      BedrockOperation operation;
      switch (resource.group(1)) {
        case "inference-profiles":
          operation = BedrockOperation.GET_INFERENCE_PROFILE;
          break;
        case "provisioned-model-throughput":
          operation = BedrockOperation.GET_PROVISIONED_MODEL_THROUGHPUT;
          break;
        case "custom-models":
          operation = BedrockOperation.GET_CUSTOM_MODEL;
          break;
        default:
          operation = BedrockOperation.GET_IMPORTED_MODEL;
          break;
      }
      return new Route(operation, ModelIds.decodePathSegment(resource.group(2)), null, null);
    }
    if ("POST".equals(method) && "/retrieveAndGenerate".equals(path)) {
      return new Route(BedrockOperation.RETRIEVE_AND_GENERATE, "", null, null);
    }
    Matcher agent = AGENT_PATH.matcher(path);
    if ("POST".equals(method) && agent.matches()) {
      return new Route(BedrockOperation.INVOKE_AGENT, ModelIds.decodePathSegment(agent.group(1)),
          ModelIds.decodePathSegment(agent.group(2)), ModelIds.decodePathSegment(agent.group(3)));
    }
    Matcher alias = ALIAS_PATH.matcher(path);
    if ("GET".equals(method) && alias.matches()) {
      return new Route(BedrockOperation.GET_AGENT_ALIAS, ModelIds.decodePathSegment(alias.group(1)),
          ModelIds.decodePathSegment(alias.group(2)), null);
    }
    Matcher version = AGENT_VERSION_PATH.matcher(path);
    if ("GET".equals(method) && version.matches()) {
      return new Route(BedrockOperation.GET_AGENT_VERSION, ModelIds.decodePathSegment(version.group(1)),
          ModelIds.decodePathSegment(version.group(2)), null);
    }
    Matcher groups = ACTION_GROUPS_PATH.matcher(path);
    if ("POST".equals(method) && groups.matches()) {
      return new Route(BedrockOperation.LIST_AGENT_ACTION_GROUPS, ModelIds.decodePathSegment(groups.group(1)),
          ModelIds.decodePathSegment(groups.group(2)), null);
    }
    Matcher group = ACTION_GROUP_PATH.matcher(path);
    if ("GET".equals(method) && group.matches()) {
      return new Route(BedrockOperation.GET_AGENT_ACTION_GROUP, ModelIds.decodePathSegment(group.group(1)),
          ModelIds.decodePathSegment(group.group(2)), ModelIds.decodePathSegment(group.group(3)));
    }
    Matcher promptVersions = PROMPT_VERSIONS_PATH.matcher(path);
    if ("POST".equals(method) && promptVersions.matches()) {
      return new Route(BedrockOperation.CREATE_PROMPT_VERSION, ModelIds.decodePathSegment(promptVersions.group(1)),
          null, null);
    }
    Matcher prompt = PROMPT_PATH.matcher(path);
    if (("GET".equals(method) || "PUT".equals(method)) && prompt.matches()) {
      return new Route("GET".equals(method) ? BedrockOperation.GET_PROMPT : BedrockOperation.UPDATE_PROMPT,
          ModelIds.decodePathSegment(prompt.group(1)), null, null);
    }
    Matcher jobs = INGESTION_JOBS_PATH.matcher(path);
    if ("POST".equals(method) && jobs.matches()) {
      return new Route(BedrockOperation.LIST_INGESTION_JOBS, ModelIds.decodePathSegment(jobs.group(1)),
          ModelIds.decodePathSegment(jobs.group(2)), null);
    }
    return null;
  }

  /** Returns the model ID inside a RetrieveAndGenerate body's modelArn (the ARN itself if it names no foundation model). */
  private static String modelOfArn(String body) {
    String arn = tree(body).path("retrieveAndGenerateConfiguration").path("knowledgeBaseConfiguration")
        .path("modelArn").asText("");
    int at = arn.indexOf(FOUNDATION_MODEL_ARN);
    return at < 0 ? arn : arn.substring(at + FOUNDATION_MODEL_ARN.length());
  }

  private static JsonNode tree(String body) {
    try {
      JsonNode node = JSON.readTree(body);
      return node == null ? JSON.createObjectNode() : node;
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }

  private static String pathOf(String url) {
    int query = url.indexOf('?');
    return query < 0 ? url : url.substring(0, query);
  }

  private static Map<String, List<String>> headersOf(LoggedRequest request) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (HttpHeader header : request.getHeaders().all()) {
      headers.put(header.key(), List.copyOf(header.values()));
    }
    return headers;
  }

  private static String regionOf(LoggedRequest request) {
    String authorization = request.getHeader("Authorization");
    if (authorization != null) {
      Matcher matcher = CREDENTIAL_REGION.matcher(authorization);
      if (matcher.find()) {
        return matcher.group(1);
      }
    }
    return "us-east-1";
  }

  private static final class Route {
    final BedrockOperation operation;
    /** The key replies are scripted under: model ID, agent ID or knowledge base ID. */
    final String modelId;
    /** The alias ID or agent version (agents) or data source ID (ingestion jobs). */
    final @Nullable String second;
    /** The session ID (InvokeAgent) or action group ID (GetAgentActionGroup). */
    final @Nullable String third;

    Route(BedrockOperation operation, String modelId, @Nullable String second, @Nullable String third) {
      this.operation = operation;
      this.modelId = modelId;
      this.second = second;
      this.third = third;
    }
  }
}
