package dev.mvc.samples.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mvc.VersionStamp;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The knowledge-base and agent samples run end to end on the emulator and show the drift they detect. */
class BedrockSamplesTest {

  @Test
  void knowledgeBaseSample_printsCitationsAStampAndTheDataSourceDrift() throws Exception {
    String printed = run(() -> KnowledgeBaseSample.main(new String[0]));
    assertThat(printed).contains("answer:   Refunds go back to the original card")
        .contains("cited:    \"within 5 business days\"").contains("s3://support-kb/policies/refunds.pdf")
        .contains("pinned:   knowledge base KBREFUNDS1 at data-source version INGEST0042")
        .contains("drift:    model.bedrock.knowledgeBase.dataSourceVersion pinned INGEST0042, latest completed ingestion job INGEST0043")
        .contains("refused:  ").contains("INGEST0043");
    VersionStamp stamp = VersionStamp.parse(line(printed, "stamp:"));
    assertThat(stamp.knowledgeBaseId()).isEqualTo("KBREFUNDS1");
    assertThat(stamp.dataSourceVersion()).isEqualTo("INGEST0042");
  }

  @Test
  void agentSample_streamsTheAnswerInTheSessionAndRefusesADraftAlias() throws Exception {
    String printed = run(() -> AgentSample.main(new String[0]));
    assertThat(printed).contains("streamed: Order 1001 left the warehouse today and arrives on Friday.")
        .contains("session:  customer-C-1001-chat")
        .contains("/agents/ORDERAGENT/agentAliases/PRODV3ALIA/sessions/customer-C-1001-chat/text")
        .contains("refused:  ").contains("routes to agent version DRAFT");
    VersionStamp stamp = VersionStamp.parse(line(printed, "stamp:"));
    assertThat(stamp.agentId()).isEqualTo("ORDERAGENT");
    assertThat(stamp.agentAliasId()).isEqualTo("PRODV3ALIA");
  }

  @Test
  void toolSample_runsTheToolLoopToTheAnswer_stampsTheRounds_andRefusesAnUndeclaredTool() throws Exception {
    String printed = run(() -> ToolSample.main(new String[0]));
    assertThat(printed).contains("answer:   It is -3 °C in Oslo right now.")
        .contains("rounds:   2")
        .contains("cacheReadInputTokens=1850, cacheWriteInputTokens=1850")
        .contains("\"ticket\":\"T-1001\"").contains("\"app\":\"weather-assistant\"")
        .contains("refused:  refused tool call tooluse_2: tool delete_account is not declared in prompt.tools");
    VersionStamp stamp = VersionStamp.parse(line(printed, "stamp:"));
    assertThat(stamp.toolRounds()).isEqualTo(2);
    assertThat(printed).contains("\"mvc.invocationId\":\"" + stamp.invocationId() + "\"");
  }

  private interface Main {
    void run() throws Exception;
  }

  private static String run(Main main) throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      main.run();
    } finally {
      System.setOut(original);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static String line(String printed, String prefix) {
    return printed.lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow();
  }
}
