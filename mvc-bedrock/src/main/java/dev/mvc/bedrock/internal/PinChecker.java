package dev.mvc.bedrock.internal;

import dev.mvc.BedrockTarget;
import dev.mvc.spi.RemoteCheck;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.bedrockagent.BedrockAgentClient;
import software.amazon.awssdk.services.bedrockagent.model.AgentAlias;
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
 * plane: the knowledge base's data-source version (ListIngestionJobs) and the agent alias's
 * routing (GetAgentAlias).
 */
public final class PinChecker {

  private static final Logger LOG = LoggerFactory.getLogger("dev.mvc.bedrock.pins");
  private static final Pattern NUMBERED_VERSION = Pattern.compile("[1-9][0-9]*");
  private static final String DATA_SOURCE_VERSION = "model.bedrock.knowledgeBase.dataSourceVersion";
  private static final String ALIAS = "model.bedrock.agent.aliasId";

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
   * draft); warns or throws as the mode says. Skipped when the target pins no agent.
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
      return;
    }
    String message = ALIAS + " " + alias + " of agent " + agent + " routes to agent version " + bad
        + "; a pinned alias must route to a numbered agent version [bedrock-agent-alias-versioned]";
    agentAlias.report(List.of(agentAlias.warning(subject, ALIAS, alias, "version " + bad, message)));
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
