package dev.mvc.samples.sagemaker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mvc.VersionStamp;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The SageMaker sample runs end to end: deploys 1.1.0, rolls back, and serves 1.0.0 again. */
class SageMakerWorkflowTest {

  @Test
  void workflow_deploysRollsBackAndServesThePreviousApprovedPackage() {
    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      SageMakerWorkflow.main(new String[0]);
    } finally {
      System.setOut(original);
    }
    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(printed).contains("rolled back: v2 -> v1").contains("verify 1.0.0: true").contains("deployed:   v2");
    List<VersionStamp> stamps = printed.lines().filter(l -> l.startsWith("  stamp:"))
        .map(VersionStamp::parse).toList();
    assertThat(stamps).extracting(VersionStamp::manifestVersion).containsExactly("1.1.0", "1.0.0");
    assertThat(stamps.get(1).sourceVersionId()).endsWith("model-package/support-llm/1");
  }
}
