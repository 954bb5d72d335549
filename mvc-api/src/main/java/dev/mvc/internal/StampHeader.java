package dev.mvc.internal;

import dev.mvc.ApprovalStatus;
import dev.mvc.ServedFrom;
import dev.mvc.SourceRef;
import dev.mvc.TargetStamp;
import dev.mvc.VersionStamp;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The codec of a {@link VersionStamp}'s one-line header form,
 * {@code mvc1;n=<name>;v=<version>;d=<digest>;...}: the version part's fields, then the call's,
 * each value percent-encoded (UTF-8) where it holds {@code % ; = , "}, spaces, control or
 * non-ASCII characters. Optional fields are left out when unset; unknown fields are ignored on
 * reading so that newer stamps stay readable.
 *
 * <p>The documents and images a call sent are written as {@code att=<hex>,<hex>,...}: the
 * lowercase hex SHA-256 of each, in the order sent (65 characters each, at most 25 per call), so
 * any one file can be matched against a log line on its own, and the form reads back exactly.
 */
public final class StampHeader {
  private static final String PREFIX = VersionStamp.HEADER_PREFIX;
  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

  private StampHeader() {}

  /** Returns the header form of {@code stamp}. */
  public static String format(VersionStamp stamp) {
    VersionStamp.VersionPart v = stamp.versionPart();
    VersionStamp.CallPart c = stamp.callPart();
    TargetStamp t = v.target();
    StringBuilder out = new StringBuilder(512).append(PREFIX);
    put(out, "n", v.manifestName());
    put(out, "v", v.manifestVersion());
    put(out, "d", v.digest());
    put(out, "p", t.provider());
    put(out, "m", t.modelId());
    put(out, "ep", t.endpoint());
    put(out, "va", t.variant());
    put(out, "gr", t.guardrail());
    put(out, "kb", t.knowledgeBaseId());
    put(out, "dsv", t.dataSourceVersion());
    put(out, "ag", t.agentId());
    put(out, "al", t.agentAliasId());
    put(out, "ta", t.targetArn());
    put(out, "t", v.templateSha256());
    put(out, "s", v.systemSha256());
    put(out, "i", v.inferenceDigest());
    put(out, "g", v.gitSha());
    put(out, "src", v.source().uri());
    put(out, "sv", v.source().versionId());
    put(out, "et", v.source().etag());
    put(out, "from", v.servedFrom().wireName());
    put(out, "ap", v.approval().wireName());
    put(out, "rid", c.backendRequestId());
    put(out, "iid", c.invocationId());
    put(out, "at", c.time().toString());
    put(out, "fb", c.fallback() ? "1" : null);
    put(out, "arm", c.arm());
    put(out, "ch", c.cached() ? "1" : null);
    put(out, "tr", c.toolRounds() > 0 ? Integer.toString(c.toolRounds()) : null);
    if (!c.attachmentSha256s().isEmpty()) {
      // Hex needs no escaping, and the commas between values are the list's own.
      out.append(";att=").append(String.join(",", c.attachmentSha256s()));
    }
    return out.toString();
  }

  private static void put(StringBuilder out, String key, @Nullable String value) {
    if (value != null) {
      out.append(';').append(key).append('=');
      encode(out, value);
    }
  }

  private static void encode(StringBuilder out, String s) {
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c <= 0x20 || c >= 0x7f || c == '%' || c == ';' || c == '=' || c == ',' || c == '"') {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      } else {
        out.append((char) c);
      }
    }
  }

  private static String decode(String s, String key) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%') {
        if (i + 2 >= s.length()) {
          throw new IllegalArgumentException("version stamp field " + key + " has a truncated %-escape");
        }
        int hi = Character.digit(s.charAt(i + 1), 16);
        int lo = Character.digit(s.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          throw new IllegalArgumentException("version stamp field " + key + " has a bad %-escape");
        }
        out.write(hi << 4 | lo);
        i += 2;
      } else {
        out.write(c);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /**
   * Parses the header form, also when it stands inside a longer log line: the stamp is the
   * <em>last</em> {@code mvc1;} that starts the text or follows a delimiter, and it runs to the
   * next whitespace or {@code "}.
   *
   * @throws IllegalArgumentException naming the missing or malformed field
   */
  public static VersionStamp parse(String headerValue) {
    Objects.requireNonNull(headerValue, "headerValue");
    int start = lastStampStart(headerValue);
    if (start < 0) {
      throw new IllegalArgumentException("not a version stamp: it must start with " + PREFIX
          + "; at the start of the text or after a delimiter such as a space or =");
    }
    int end = start;
    while (end < headerValue.length() && headerValue.charAt(end) > 0x20 && headerValue.charAt(end) != '"') {
      end++;
    }
    String[] parts = headerValue.substring(start, end).split(";", -1);
    Map<String, String> f = new HashMap<>();
    for (int i = 1; i < parts.length; i++) {
      int eq = parts[i].indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("version stamp field " + i + " is not key=value: " + parts[i]);
      }
      String key = parts[i].substring(0, eq);
      if (f.put(key, decode(parts[i].substring(eq + 1), key)) != null) {
        throw new IllegalArgumentException("version stamp field " + key + " appears twice");
      }
    }
    String name = need(f, "n");
    String version = need(f, "v");
    String digest = need(f, "d");
    TargetStamp target = new TargetStamp(need(f, "p"), f.get("m"), f.get("ep"), f.get("va"),
        f.get("gr"), f.get("kb"), f.get("dsv"), f.get("ag"), f.get("al"), f.get("ta"));
    String template = need(f, "t");
    String system = f.get("s");
    String inference = need(f, "i");
    String gitSha = f.get("g");
    SourceRef source = new SourceRef(need(f, "src"), f.get("sv"), f.get("et"));
    ServedFrom servedFrom = ServedFrom.fromWireName(need(f, "from"));
    ApprovalStatus approval = ApprovalStatus.fromWireName(need(f, "ap"));
    String requestId = f.get("rid");
    String invocationId = need(f, "iid");
    Instant time;
    try {
      time = Instant.parse(need(f, "at"));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("version stamp field at must be an ISO-8601 instant, was " + f.get("at"), e);
    }
    return VersionStamp.of(
        new VersionStamp.VersionPart(name, version, digest, target, template, system, inference, gitSha,
            source, servedFrom, approval),
        new VersionStamp.CallPart(requestId, invocationId, time, "1".equals(f.get("fb")), f.get("arm"),
            "1".equals(f.get("ch")), toolRounds(f.get("tr")), attachments(f.get("att"))));
  }

  private static List<String> attachments(@Nullable String value) {
    if (value == null) {
      return List.of();
    }
    String[] parts = value.split(",", -1);
    for (String part : parts) {
      if (!SHA256_HEX.matcher(part).matches()) {
        throw new IllegalArgumentException("version stamp field att must be lowercase hex SHA-256 values separated"
            + " by commas, was " + (value.length() > 80 ? value.substring(0, 77) + "..." : value));
      }
    }
    return List.of(parts);
  }

  private static int toolRounds(@Nullable String value) {
    if (value == null) {
      return 0;
    }
    try {
      int n = Integer.parseInt(value);
      if (n > 0 && Integer.toString(n).equals(value)) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("version stamp field tr must be a positive integer, was " + value);
  }

  /** Returns where the last delimited {@code mvc1;} in {@code text} starts, or -1 if none does. */
  private static int lastStampStart(String text) {
    String marker = PREFIX + ";";
    for (int at = text.lastIndexOf(marker); at >= 0; at = at == 0 ? -1 : text.lastIndexOf(marker, at - 1)) {
      if (at == 0 || isDelimiter(text.charAt(at - 1))) {
        return at;
      }
    }
    return -1;
  }

  /** Returns whether {@code c} can end the text before a stamp: anything but a word character. */
  private static boolean isDelimiter(char c) {
    return !(Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.' || c == '%');
  }

  private static String need(Map<String, String> f, String key) {
    String v = f.get(key);
    if (v == null || v.isEmpty()) {
      throw new IllegalArgumentException("version stamp lacks field " + key);
    }
    return v;
  }
}
