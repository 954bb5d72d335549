package dev.mvc.eval.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mvc.MvcException;
import dev.mvc.eval.CaseDifference;
import dev.mvc.eval.CaseResult;
import dev.mvc.eval.EvaluationReport;
import dev.mvc.eval.Score;
import dev.mvc.eval.ScorerTotal;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Writes and reads {@code evaluation-results.json}. */
public final class ReportJson {
  private ReportJson() {}

  /** Returns the report as pretty-printed JSON ending in a newline. */
  public static String write(EvaluationReport r) {
    ObjectNode n = GoldenJson.JSON.createObjectNode();
    n.put("schema", EvaluationReport.SCHEMA);
    ObjectNode m = n.putObject("manifest");
    m.put("name", r.manifestName());
    m.put("version", r.manifestVersion());
    m.put("digest", r.digest());
    n.put("createdAt", r.createdAt().toString());
    ObjectNode g = n.putObject("golden");
    g.put("source", r.goldenSource());
    g.put("sha256", r.goldenSha256());
    g.put("cases", r.cases().size());
    ArrayNode scorers = n.putArray("scorers");
    r.scorers().forEach(scorers::add);
    n.put("score", round(r.score()));
    if (r.minScore() != null) {
      n.put("minScore", r.minScore());
      n.put("passed", r.passed());
    }
    n.put("errors", r.errors());
    ObjectNode totals = n.putObject("totals");
    for (ScorerTotal t : r.totals().values()) {
      totals.putObject(t.scorer()).put("cases", t.cases()).put("passed", t.passed()).put("mean", round(t.mean()));
    }
    ArrayNode cases = n.putArray("cases");
    for (CaseResult c : r.cases()) {
      ObjectNode cn = cases.addObject();
      cn.put("id", c.id());
      opt(cn, "stamp", c.stamp());
      opt(cn, "answerSha256", c.answerSha256());
      opt(cn, "text", c.text());
      cn.put("score", round(c.score()));
      ArrayNode sn = cn.putArray("scores");
      for (Score s : c.scores()) {
        ObjectNode so = sn.addObject().put("scorer", s.scorer()).put("value", s.value()).put("detail", s.detail());
        opt(so, "judgeStamp", s.judgeStamp());
      }
      opt(cn, "error", c.error());
    }
    if (r.baselineDigest() != null) {
      ObjectNode b = n.putObject("baseline");
      b.put("digest", r.baselineDigest());
      if (r.baselineScore() != null) {
        b.put("score", round(r.baselineScore()));
      }
      ArrayNode d = b.putArray("differences");
      for (CaseDifference x : r.differences()) {
        ObjectNode dn = d.addObject().put("id", x.id());
        if (x.baselineScore() == null) {
          dn.putNull("baselineScore");
        } else {
          dn.put("baselineScore", round(x.baselineScore()));
        }
        dn.put("score", round(x.score())).put("answerChanged", x.answerChanged());
      }
    }
    try {
      return GoldenJson.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(n) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write evaluation report", e);
    }
  }

  /** Reads a report; {@code where} names it in messages. */
  public static EvaluationReport parse(byte[] json, String where) {
    JsonNode n;
    try {
      n = GoldenJson.JSON.readTree(json);
    } catch (IOException e) {
      throw new MvcException("evaluation report " + where + " is not valid JSON: " + e.getMessage(), e);
    }
    if (n == null || !n.isObject()) {
      throw new MvcException("evaluation report " + where + " must be a JSON object");
    }
    String schema = n.path("schema").asText("");
    if (!EvaluationReport.SCHEMA.equals(schema)) {
      throw new MvcException("evaluation report " + where + ": schema must be " + EvaluationReport.SCHEMA
          + ", was '" + schema + "'");
    }
    try {
      EvaluationReport.Builder b = EvaluationReport.builder()
          .manifest(text(n, "manifest.name", where), text(n, "manifest.version", where), text(n, "manifest.digest", where))
          .createdAt(Instant.parse(text(n, "createdAt", where)))
          .golden(text(n, "golden.source", where), text(n, "golden.sha256", where));
      List<String> scorers = new ArrayList<>();
      n.path("scorers").forEach(s -> scorers.add(s.asText()));
      b.scorers(scorers);
      if (n.hasNonNull("minScore")) {
        b.minScore(n.get("minScore").asDouble());
      }
      List<CaseResult> cases = new ArrayList<>();
      int i = 0;
      for (JsonNode c : n.path("cases")) {
        String path = "cases[" + i++ + "]";
        List<Score> scores = new ArrayList<>();
        for (JsonNode s : c.path("scores")) {
          scores.add(new Score(s.path("scorer").asText(), s.path("value").asDouble(), s.path("detail").asText(""),
              optText(s, "judgeStamp")));
        }
        String id = c.path("id").asText(null);
        if (id == null) {
          throw new MvcException("evaluation report " + where + ": " + path + ".id is required");
        }
        cases.add(new CaseResult(id, optText(c, "stamp"), optText(c, "answerSha256"), optText(c, "text"), scores,
            optText(c, "error")));
      }
      b.cases(cases);
      JsonNode base = n.get("baseline");
      if (base != null && base.isObject()) {
        List<CaseDifference> diffs = new ArrayList<>();
        for (JsonNode d : base.path("differences")) {
          diffs.add(new CaseDifference(d.path("id").asText(), d.hasNonNull("baselineScore")
              ? d.get("baselineScore").asDouble() : null, d.path("score").asDouble(), d.path("answerChanged").asBoolean()));
        }
        b.baselineAsRecorded(optText(base, "digest"), base.hasNonNull("score") ? base.get("score").asDouble() : null, diffs);
      }
      return b.build();
    } catch (DateTimeParseException e) {
      throw new MvcException("evaluation report " + where + ": createdAt is not an ISO-8601 instant, was '"
          + n.path("createdAt").asText() + "'", e);
    } catch (IllegalArgumentException e) {
      throw new MvcException("evaluation report " + where + ": " + e.getMessage(), e);
    }
  }

  private static String text(JsonNode n, String path, String where) {
    JsonNode v = n;
    for (String part : path.split("\\.")) {
      v = v.path(part);
    }
    if (!v.isTextual()) {
      throw new MvcException("evaluation report " + where + ": " + path + " must be a string, was " + v);
    }
    return v.asText();
  }

  private static @Nullable String optText(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static void opt(ObjectNode n, String field, @Nullable String value) {
    if (value != null) {
      n.put(field, value);
    }
  }

  private static double round(double v) {
    return Math.round(v * 1_000_000d) / 1_000_000d;
  }
}
