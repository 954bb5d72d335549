package dev.mvc.eval;

import dev.mvc.MvcException;
import dev.mvc.eval.internal.GoldenJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A golden set: cases with known good answers, read from and written as JSON lines, one case a
 * line, exactly:
 *
 * <pre>{@code
 * {"id": "refund-1", "variables": {"question": "..."}, "history": [{"role": "user", "text": ".."}],
 *  "expect": {"exact": "..", "contains": "..", "regex": "..", "jsonSchema": {..},
 *             "number": {"value": 5, "tolerance": 0.5}}}
 * }</pre>
 *
 * {@code history} and each {@code expect} key are optional; blank lines are skipped. Reading is
 * strict: an unknown or duplicate key, a wrong type or a repeated id fails with a
 * {@link GoldenSetException} that names the line and the field.
 */
public final class GoldenSet {
  /** The largest golden-set file read, in bytes. */
  public static final int MAX_BYTES = 64 << 20;

  private final String source;
  private final List<GoldenCase> cases;

  private GoldenSet(String source, List<GoldenCase> cases) {
    this.source = source;
    this.cases = List.copyOf(cases);
    Set<String> ids = new HashSet<>();
    for (GoldenCase c : this.cases) {
      if (!ids.add(c.id())) {
        throw new IllegalArgumentException("golden set " + source + " holds id '" + c.id() + "' twice");
      }
    }
  }

  /** Returns a set of these cases; {@code source} names it in messages. */
  public static GoldenSet of(String source, List<GoldenCase> cases) {
    return new GoldenSet(source, cases);
  }

  /**
   * Reads a golden set file.
   *
   * @throws GoldenSetException naming the line and field of the first bad input
   * @throws MvcException when the file cannot be read
   */
  public static GoldenSet read(Path file) {
    byte[] bytes;
    try {
      long size = Files.size(file);
      if (size > MAX_BYTES) {
        throw new MvcException("golden set " + file + " is " + size + " bytes, more than " + MAX_BYTES);
      }
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new MvcException("cannot read golden set " + file + ": " + e.getMessage(), e);
    }
    return parse(file.toString(), new String(bytes, StandardCharsets.UTF_8));
  }

  /**
   * Parses golden-set JSON lines; {@code source} names the input in messages.
   *
   * @throws GoldenSetException naming the line and field of the first bad input
   */
  public static GoldenSet parse(String source, String jsonLines) {
    List<GoldenCase> cases = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    String[] lines = jsonLines.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].isBlank()) {
        continue;
      }
      GoldenCase c = GoldenJson.parseCase(source, i + 1, lines[i]);
      if (!ids.add(c.id())) {
        throw new GoldenSetException(source, i + 1, "id", "'" + c.id() + "' is used by an earlier line; ids must be unique");
      }
      cases.add(c);
    }
    return new GoldenSet(source, cases);
  }

  /** Returns where the set came from, for messages. */
  public String source() {
    return source;
  }

  /** Returns the cases in file order. */
  public List<GoldenCase> cases() {
    return cases;
  }

  /** Returns the number of cases. */
  public int size() {
    return cases.size();
  }

  /** Returns the set as JSON lines, one case a line, each line ending in a newline. */
  public String toJsonLines() {
    StringBuilder out = new StringBuilder();
    for (GoldenCase c : cases) {
      out.append(GoldenJson.write(c)).append('\n');
    }
    return out.toString();
  }

  /** Returns {@code sha256:} + hex SHA-256 of {@link #toJsonLines()}: which cases a report was made on. */
  public String sha256() {
    return "sha256:" + dev.mvc.internal.Hashing.sha256Hex(toJsonLines());
  }

  /** Writes the set to {@code file} as JSON lines. */
  public void write(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, toJsonLines(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new MvcException("cannot write golden set " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Returns {@code n} cases picked at random with {@code seed} (all of them when {@code n} is at
   * least the size), in file order.
   */
  public GoldenSet sample(int n, long seed) {
    if (n >= cases.size()) {
      return this;
    }
    List<Integer> idx = new ArrayList<>();
    for (int i = 0; i < cases.size(); i++) {
      idx.add(i);
    }
    Collections.shuffle(idx, new Random(seed));
    List<Integer> picked = new ArrayList<>(idx.subList(0, Math.max(0, n)));
    Collections.sort(picked);
    List<GoldenCase> out = new ArrayList<>();
    for (int i : picked) {
      out.add(cases.get(i));
    }
    return new GoldenSet(source + " (sample of " + out.size() + ")", out);
  }

  @Override
  public String toString() {
    return "GoldenSet{" + source + ", " + cases.size() + " cases}";
  }
}
