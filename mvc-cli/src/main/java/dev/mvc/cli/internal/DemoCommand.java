package dev.mvc.cli.internal;

import dev.mvc.InvocationResponse;
import dev.mvc.cli.ExitCode;
import dev.mvc.samples.Quickstart;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code mvc demo}: the quickstart. */
@Command(
    name = "demo",
    description = {
        "Run the quickstart on an in-process Bedrock emulator.",
        "",
        "Run the quickstart: load the sample manifest support-answer 1.4.0, call Bedrock through the",
        "real backend and AWS SDK against an in-process emulator on loopback (no AWS account, no",
        "network), and print the answer, its stamp and the request body that was sent. Try",
        "mvc explain with the printed stamp next."},
    footerHeading = Help.EXAMPLES,
    footer = {
        "  mvc demo",
        "  mvc explain \"$(mvc demo --json | jq -r .stamp)\"",
        Help.EXIT_CODES})
public final class DemoCommand extends CommandBase {
  @Override
  protected int run() {
    if (!json) {
      Quickstart.run(out());
      return ExitCode.OK;
    }
    InvocationResponse response = Quickstart.run(new PrintWriter(new StringWriter()));
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("text", response.text());
    r.put("inputTokens", response.usage().inputTokens());
    r.put("outputTokens", response.usage().outputTokens());
    r.put("digest", response.stamp().digest());
    r.put("stamp", response.stamp().toHeaderValue());
    printJson(r);
    return ExitCode.OK;
  }
}
