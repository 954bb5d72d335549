package dev.mvc.bedrock.internal;

import dev.mvc.BedrockTarget;
import dev.mvc.CheckWarning;
import dev.mvc.bedrock.BedrockAgentDefinition;
import dev.mvc.spi.RemoteCheck;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.bedrockagent.BedrockAgentClient;
import software.amazon.awssdk.services.bedrockagent.model.APISchema;
import software.amazon.awssdk.services.bedrockagent.model.ActionGroupSummary;
import software.amazon.awssdk.services.bedrockagent.model.AgentActionGroup;
import software.amazon.awssdk.services.bedrockagent.model.AgentAlias;
import software.amazon.awssdk.services.bedrockagent.model.AgentVersion;
import software.amazon.awssdk.services.bedrockagent.model.Function;
import software.amazon.awssdk.services.bedrockagent.model.FunctionSchema;
import software.amazon.awssdk.services.bedrockagent.model.AgentAliasRoutingConfigurationListItem;
import software.amazon.awssdk.services.bedrockagent.model.IngestionJobFilter;
import software.amazon.awssdk.services.bedrockagent.model.IngestionJobFilterAttribute;
import software.amazon.awssdk.services.bedrockagent.model.IngestionJobFilterOperator;
import software.amazon.awssdk.services.bedrockagent.model.IngestionJobSortBy;
import software.amazon.awssdk.services.bedrockagent.model.IngestionJobSortByAttribute;
import software.amazon.awssdk.services.bedrockagent.model.IngestionJobSummary;
import software.amazon.awssdk.services.bedrockagent.model.SortOrder;

/**
 * Runs the load-time checks of pins that live in Bedrock, against the Agents for Bedrock control
 * plane: the knowledge base's data-source version (ListIngestionJobs), the agent alias's
 * routing (GetAgentAlias) and the agent version it routes to (GetAgentVersion: foundation model,
 * instruction; ListAgentActionGroups and GetAgentActionGroup: action groups).
 */
public final class PinChecker {

  private static final Logger LOG = LoggerFactory.getLogger("dev.mvc.bedrock.pins");
  private static final Pattern NUMBERED_VERSION = Pattern.compile("[1-9][0-9]*");
  private static final String DATA_SOURCE_VERSION = "model.bedrock.knowledgeBase.dataSourceVersion";
  private static final String ALIAS = "model.bedrock.agent.aliasId";
  private static final String MODEL = "model.bedrock.modelId";
  private static final String INSTRUCTION = "model.bedrock.agent.instructionSha256";
  private static final String ACTION_GROUPS = "model.bedrock.agent.actionGroupsSha256";

  private final RemoteCheck knowledgeBase;
  private final RemoteCheck agentAlias;

  /** Creates a checker that applies the modes of the two checks. */
  public PinChecker(RemoteCheck knowledgeBase, RemoteCheck agentAlias) {
    this.knowledgeBase = knowledgeBase;
    this.agentAlias = agentAlias;
  }

  /**
   * Compares the pinned data-source version with the latest completed ingestion job of the data
   * source; warns or throws as the mode says. Skipped when the target pins no data source.
   */
  public void checkKnowledgeBase(BedrockTarget target, Clients clients) {
    String kb = target.knowledgeBaseId();
    String ds = target.dataSourceId();
    String pinned = target.dataSourceVersion();
    if (knowledgeBase.off() || kb == null) {
      return;
    }
    if (ds == null || pinned == null) {
      LOG.debug("data-source version check skipped: knowledge base {} pins no data source and version", kb);
      return;
    }
    String latest;
    try {
      latest = latestCompletedJob(clients.agentControl(target.region()), kb, ds);
    } catch (RuntimeException e) {
      knowledgeBase.lookupFailed(kb, DATA_SOURCE_VERSION, pinned, "the ingestion jobs of data source " + ds
          + " of knowledge base " + kb, BedrockErrorMapper.map(e, "knowledge base " + kb));
      return;
    }
    if (pinned.equals(latest)) {
      return;
    }
    String found = latest == null ? "none" : latest;
    String message = DATA_SOURCE_VERSION + " is " + pinned + " but the latest completed ingestion job of data source "
        + ds + " in knowledge base " + kb + " is " + found + ": the knowledge base content changed since this"
        + " version was evaluated";
    knowledgeBase.report(List.of(knowledgeBase.warning(kb, DATA_SOURCE_VERSION, pinned, found, message)));
  }

  /**
   * Checks that the pinned agent alias routes to numbered agent versions only (not the working
   * draft), and that each such version runs the pinned foundation model with the pinned
   * instruction and action groups; warns or throws as the mode says. Skipped when the target
   * pins no agent.
   */
  public void checkAgentAlias(BedrockTarget target, Clients clients) {
    String agent = target.agentId();
    String alias = target.agentAliasId();
    if (agentAlias.off() || agent == null || alias == null) {
      return;
    }
    String subject = agent + "/" + alias;
    List<String> versions;
    try {
      AgentAlias a = clients.agentControl(target.region())
          .getAgentAlias(b -> b.agentId(agent).agentAliasId(alias)).agentAlias();
      versions = new ArrayList<>();
      for (AgentAliasRoutingConfigurationListItem item : a.routingConfiguration()) {
        versions.add(item.agentVersion() == null ? "none" : item.agentVersion());
      }
    } catch (RuntimeException e) {
      agentAlias.lookupFailed(subject, ALIAS, alias, "agent alias " + alias + " of agent " + agent,
          BedrockErrorMapper.map(e, target.describe()));
      return;
    }
    String bad = null;
    for (String v : versions) {
      if (!NUMBERED_VERSION.matcher(v).matches()) {
        bad = v;
        break;
      }
    }
    if (versions.isEmpty()) {
      bad = "none";
    }
    if (bad == null) {
      LOG.debug("agent alias {} of agent {} routes to version(s) {}", alias, agent, versions);
      checkAgentVersions(target, clients, versions);
      return;
    }
    String message = ALIAS + " " + alias + " of agent " + agent + " routes to agent version " + bad
        + "; a pinned alias must route to a numbered agent version [bedrock-agent-alias-versioned]";
    agentAlias.report(List.of(agentAlias.warning(subject, ALIAS, alias, "version " + bad, message)));
  }

  /**
   * Compares each agent version the alias routes to (GetAgentVersion, and for a pinned
   * action-group hash ListAgentActionGroups and GetAgentActionGroup) with the pin: its foundation
   * model with {@code model.bedrock.modelId}, its instruction and action groups with the pinned
   * SHA-256s.
   */
  private void checkAgentVersions(BedrockTarget target, Clients clients, List<String> versions) {
    BedrockTarget.Agent pin = target.agent();
    String agent = pin.id();
    String subject = agent + "/" + pin.aliasId();
    BedrockAgentClient control = clients.agentControl(target.region());
    List<CheckWarning> differences = new ArrayList<>();
    for (String version : versions) {
      String where = "agent version " + version + " of agent " + agent + " (routed to by alias " + pin.aliasId() + ")";
      AgentVersion v;
      String actionGroups = null;
      try {
        v = control.getAgentVersion(b -> b.agentId(agent).agentVersion(version)).agentVersion();
        if (pin.actionGroupsSha256() != null) {
          actionGroups = BedrockAgentDefinition.actionGroupsSha256(actionGroups(control, agent, version));
        }
      } catch (RuntimeException e) {
        agentAlias.lookupFailed(subject, MODEL, target.modelId(), where, BedrockErrorMapper.map(e, target.describe()));
        return;
      }
      String model = v.foundationModel();
      if (model == null || !(model.equals(target.modelId()) || model.endsWith("/" + target.modelId()))) {
        String found = model == null ? "none" : model;
        differences.add(agentAlias.warning(subject, MODEL, target.modelId(), found, MODEL + " is "
            + target.modelId() + " but " + where + " uses foundation model " + found));
      }
      String instruction = v.instruction() == null ? null : BedrockAgentDefinition.instructionSha256(v.instruction());
      if (pin.instructionSha256() != null && !pin.instructionSha256().equals(instruction)) {
        String found = instruction == null ? "none" : instruction;
        differences.add(agentAlias.warning(subject, INSTRUCTION, pin.instructionSha256(), found, INSTRUCTION + " is "
            + pin.instructionSha256() + " but the instruction of " + where + " hashes to " + found));
      }
      if (actionGroups != null && !pin.actionGroupsSha256().equals(actionGroups)) {
        differences.add(agentAlias.warning(subject, ACTION_GROUPS, pin.actionGroupsSha256(), actionGroups,
            ACTION_GROUPS + " is " + pin.actionGroupsSha256() + " but the action groups of " + where
                + " hash to " + actionGroups));
      }
    }
    agentAlias.report(differences);
  }

  /** Reads every action group of an agent version in the AgentActionGroup wire form. */
  private static List<Map<String, Object>> actionGroups(BedrockAgentClient control, String agent, String version) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (ActionGroupSummary summary : control.listAgentActionGroupsPaginator(b -> b.agentId(agent)
        .agentVersion(version)).actionGroupSummaries()) {
      AgentActionGroup g = control.getAgentActionGroup(b -> b.agentId(agent).agentVersion(version)
          .actionGroupId(summary.actionGroupId())).agentActionGroup();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("actionGroupName", g.actionGroupName());
      m.put("description", g.description());
      m.put("parentActionSignature", g.parentActionSignatureAsString());
      m.put("actionGroupState", g.actionGroupStateAsString());
      APISchema api = g.apiSchema();
      if (api != null) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("payload", api.payload());
        if (api.s3() != null) {
          Map<String, Object> s3 = new LinkedHashMap<>();
          s3.put("s3BucketName", api.s3().s3BucketName());
          s3.put("s3ObjectKey", api.s3().s3ObjectKey());
          a.put("s3", s3);
        }
        m.put("apiSchema", a);
      }
      FunctionSchema schema = g.functionSchema();
      if (schema != null && schema.hasFunctions()) {
        List<Map<String, Object>> functions = new ArrayList<>();
        for (Function f : schema.functions()) {
          Map<String, Object> fm = new LinkedHashMap<>();
          fm.put("name", f.name());
          fm.put("description", f.description());
          if (f.hasParameters()) {
            Map<String, Object> params = new LinkedHashMap<>();
            f.parameters().forEach((name, p) -> {
              Map<String, Object> pm = new LinkedHashMap<>();
              pm.put("type", p.typeAsString());
              pm.put("description", p.description());
              pm.put("required", p.required());
              params.put(name, pm);
            });
            fm.put("parameters", params);
          }
          fm.put("requireConfirmation", f.requireConfirmationAsString());
          functions.add(fm);
        }
        m.put("functionSchema", Map.of("functions", functions));
      }
      out.add(m);
    }
    return out;
  }

  private static @Nullable String latestCompletedJob(BedrockAgentClient control, String kb, String ds) {
    List<IngestionJobSummary> jobs = control.listIngestionJobs(b -> b
            .knowledgeBaseId(kb)
            .dataSourceId(ds)
            .filters(IngestionJobFilter.builder()
                .attribute(IngestionJobFilterAttribute.STATUS)
                .operator(IngestionJobFilterOperator.EQ)
                .values("COMPLETE")
                .build())
            .sortBy(IngestionJobSortBy.builder()
                .attribute(IngestionJobSortByAttribute.STARTED_AT)
                .order(SortOrder.DESCENDING)
                .build())
            .maxResults(10))
        .ingestionJobSummaries();
    // The filter and order are asked of the service, and checked again here.
    IngestionJobSummary latest = null;
    for (IngestionJobSummary job : jobs) {
      if (!"COMPLETE".equals(job.statusAsString())) {
        continue;
      }
      Instant started = job.startedAt() != null ? job.startedAt() : Instant.EPOCH;
      if (latest == null || started.isAfter(latest.startedAt() != null ? latest.startedAt() : Instant.EPOCH)) {
        latest = job;
      }
    }
    return latest == null ? null : latest.ingestionJobId();
  }
}
