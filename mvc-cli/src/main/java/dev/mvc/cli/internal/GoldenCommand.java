package dev.mvc.cli.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mvc.LoadedManifest;
import dev.mvc.Message;
import dev.mvc.PinningPolicy;
import dev.mvc.cli.ExitCode;
import dev.mvc.eval.Expectations;
import dev.mvc.eval.GoldenCase;
import dev.mvc.eval.GoldenSet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mvc golden}: show a golden set, or record one from an audit log or a file of variables. */
@Command(
    name = "golden",
    description = "Golden sets (JSON lines, one case a line): show, record.",
    subcommands = {GoldenCommand.Show.class, GoldenCommand.Record.class})
public final class GoldenCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCode.USAGE;
  }

  /** {@code mvc golden show}. */
  @Command(
      name = "show",
      description = {"Check a golden set and list its cases.",
          "",
          "Reads the set strictly (a bad line is reported with its line number and field) and lists each",
          "case: its id, variable names, history length and expectation keys; then how many cases each",
          "scorer applies to. Variable values and expected answers are not printed."},
      footerHeading = Help.EXAMPLES,
      footer = {"  mvc golden show golden/support-answer.jsonl", "  mvc golden show golden.jsonl --json", Help.EXIT_CODES})
  public static final class Show extends CommandBase {
    @Parameters(index = "0", paramLabel = "FILE", description = "The golden set.")
    Path file;

    @Override
    protected int run() {
      GoldenSet set = EvalCommand.readGolden(file);
      Map<String, Integer> perKey = new LinkedHashMap<>();
      for (String k : List.of(Expectations.EXACT, Expectations.CONTAINS, Expectations.REGEX, Expectations.JSON_SCHEMA,
          Expectations.NUMBER)) {
        perKey.put(k, 0);
      }
      List<Map<String, Object>> cases = new ArrayList<>();
      for (GoldenCase c : set.cases()) {
        c.expect().keys().forEach(k -> perKey.merge(k, 1, Integer::sum));
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", c.id());
        row.put("variables", new ArrayList<>(c.variables().keySet()));
        row.put("history", c.history().size());
        row.put("expect", c.expect().keys());
        cases.add(row);
      }
      if (json) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("file", file.toString());
        o.put("sha256", set.sha256());
        o.put("cases", cases.size());
        o.put("casesPerExpectation", perKey);
        o.put("list", cases);
        printJson(o);
        return ExitCode.OK;
      }
      out().println(file + ": " + set.size() + " cases, " + set.sha256());
      for (Map<String, Object> row : cases) {
        out().println(String.format(Locale.ROOT, "  %-24s vars=%s history=%s expect=%s", row.get("id"),
            row.get("variables"), row.get("history"), row.get("expect")));
      }
      StringBuilder sb = new StringBuilder("  scorers apply to:");
      perKey.forEach((k, n) -> sb.append(' ').append(k).append('=').append(n));
      out().println(sb);
      return ExitCode.OK;
    }
  }

  /** {@code mvc golden record}. */
  @Command(
      name = "record",
      description = {"Record a golden set from an audit log or a file of variables.",
          "",
          "--from-audit reads AuditLog lines written with prompt text (includePromptText): each successful",
          "call of the manifest's name becomes a case, its variables recovered by matching the last user",
          "message against the manifest's template (and checked by rendering them again), earlier messages",
          "kept as history. --from-variables reads JSON lines (or a JSON array) of variable objects. Cases",
          "are written without expectations: add them (exact, contains, regex, jsonSchema, number) on review."},
      footerHeading = Help.EXAMPLES,
      footer = {
          "  mvc golden record --from-audit /var/log/app/mvc-audit.jsonl --manifest manifest.json --out golden.jsonl",
          "  mvc golden record --from-variables questions.jsonl --id-prefix refund- --out golden.jsonl",
          Help.EXIT_CODES})
  public static final class Record extends CommandBase {
    @ArgGroup(exclusive = true, multiplicity = "1")
    From from;

    static final class From {
      @Option(names = "--from-audit", paramLabel = "FILE", required = true, description = "An audit log written with prompt text.")
      @Nullable Path audit;

      @Option(names = "--from-variables", paramLabel = "FILE", required = true,
          description = "JSON lines (or a JSON array) of variable objects.")
      @Nullable Path variables;
    }

    @Option(names = "--manifest", paramLabel = "FILE|URI", description = "The manifest whose calls to record (with --from-audit).")
    @Nullable String manifest;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "Where to write the golden set.")
    Path out;

    @Option(names = "--id-prefix", paramLabel = "TEXT", defaultValue = "case-", description = "Prefix of the case ids (default ${DEFAULT-VALUE}).")
    String idPrefix;

    @Mixin
    AwsOptions aws;

    @Override
    protected int run() {
      List<GoldenCase> cases = new ArrayList<>();
      int skipped = 0;
      if (from.audit != null) {
        if (manifest == null) {
          throw new CliException(ExitCode.USAGE, "--from-audit needs --manifest: variables are recovered with its template",
              "add --manifest FILE|URI");
        }
        LoadedManifest m = ManifestAccess.load(ManifestAccess.fetch(manifest, Sources.factory(aws)),
            ManifestAccess.integrityOnly(), null);
        Pattern p = reverse(m.templateText());
        List<String> slots = slots(m.templateText());
        Set<String> seen = new LinkedHashSet<>();
        String text = UserFiles.readText(from.audit, "audit log", 256 << 20, ExitCode.USAGE);
        for (String line : text.split("\r?\n")) {
          if (line.isBlank()) {
            continue;
          }
          GoldenCase c = fromAudit(line, m, p, slots, idPrefix + (cases.size() + 1));
          if (c == null) {
            skipped++;
            continue;
          }
          String key = Json.compact(Map.of("v", c.variables(), "h", c.history().toString() + c.history().hashCode()));
          if (seen.add(key)) {
            cases.add(c);
          } else {
            skipped++;
          }
        }
      } else {
        String text = UserFiles.readText(from.variables, "variables file", 64 << 20, ExitCode.USAGE);
        List<JsonNode> objects = new ArrayList<>();
        String trimmed = text.strip();
        if (trimmed.startsWith("[")) {
          Json.parse(trimmed, String.valueOf(from.variables)).forEach(objects::add);
        } else {
          int n = 0;
          for (String line : text.split("\r?\n")) {
            n++;
            if (!line.isBlank()) {
              objects.add(Json.parse(line, from.variables + " line " + n));
            }
          }
        }
        for (JsonNode o : objects) {
          if (!o.isObject()) {
            throw new CliException(ExitCode.USAGE, from.variables + ": entry " + (cases.size() + 1)
                + " must be a JSON object of variables, was " + o.getNodeType().name().toLowerCase(Locale.ROOT),
                "write one {\"name\": \"value\", ...} per line");
          }
          GoldenCase.Builder b = GoldenCase.builder(idPrefix + (cases.size() + 1));
          for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            b.variable(e.getKey(), v.isTextual() ? v.asText() : v.isIntegralNumber() ? (Object) v.asLong()
                : v.isNumber() ? (Object) v.asDouble() : v.isBoolean() ? (Object) v.asBoolean() : Json.compact(v));
          }
          cases.add(b.build());
        }
      }
      GoldenSet set = GoldenSet.of(out.toString(), cases);
      set.write(out);
      if (json) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("out", out.toString());
        o.put("cases", cases.size());
        o.put("skippedLines", skipped);
        o.put("sha256", set.sha256());
        printJson(o);
      } else {
        out().println("recorded " + cases.size() + " cases to " + out + (skipped > 0 ? "; skipped " + skipped
            + " lines (failed calls, other manifests, no prompt text, duplicates)" : ""));
      }
      return ExitCode.OK;
    }

    private static @Nullable GoldenCase fromAudit(String line, LoadedManifest m, Pattern p, List<String> slots, String id) {
      JsonNode n;
      try {
        n = Json.mapper().readTree(line);
      } catch (java.io.IOException e) {
        return null;
      }
      if (n == null || !"success".equals(n.path("outcome").asText()) || !m.manifest().name().equals(n.path("manifestName").asText())
          || !n.path("messages").isArray() || n.path("messages").isEmpty()) {
        return null;
      }
      List<Message> messages = new ArrayList<>();
      for (JsonNode msg : n.path("messages")) {
        messages.add(new Message("assistant".equals(msg.path("role").asText()) ? Message.Role.ASSISTANT : Message.Role.USER,
            msg.path("text").asText()));
      }
      Message last = messages.remove(messages.size() - 1);
      Matcher matcher = p.matcher(last.text());
      if (last.role() != Message.Role.USER || !matcher.matches()) {
        return null;
      }
      Map<String, Object> vars = new LinkedHashMap<>();
      for (int i = 0; i < slots.size(); i++) {
        vars.putIfAbsent(slots.get(i), matcher.group(i + 1));
      }
      // Ambiguous templates can split a message more than one way: keep only a split that renders back exactly.
      if (!m.template().render(vars).equals(last.text())) {
        return null;
      }
      return GoldenCase.builder(id).variables(vars).history(messages).build();
    }
  }

  private static final Pattern PLACEHOLDER = Pattern.compile("(\\\\?)\\{\\{\\s*([^{}\\s]+)\\s*}}");

  /** Returns the placeholders of {@code template} in order, repeats included. */
  static List<String> slots(String template) {
    List<String> out = new ArrayList<>();
    Matcher m = PLACEHOLDER.matcher(template);
    while (m.find()) {
      if (m.group(1).isEmpty()) {
        out.add(m.group(2));
      }
    }
    return out;
  }

  /** Returns a pattern matching a rendering of {@code template}, one group per placeholder. */
  static Pattern reverse(String template) {
    StringBuilder re = new StringBuilder();
    Matcher m = PLACEHOLDER.matcher(template);
    int at = 0;
    while (m.find()) {
      if (!m.group(1).isEmpty()) {
        continue;
      }
      re.append(Pattern.quote(template.substring(at, m.start()).replace("\\{{", "{{"))).append("(.*?)");
      at = m.end();
    }
    re.append(Pattern.quote(template.substring(at).replace("\\{{", "{{")));
    return Pattern.compile(re.toString(), Pattern.DOTALL);
  }
}
