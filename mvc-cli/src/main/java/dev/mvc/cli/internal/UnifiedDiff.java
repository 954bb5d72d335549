package dev.mvc.cli.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * A line-based unified diff ({@code ---}/{@code +++} headers, {@code @@} hunks with three lines
 * of context), from a longest-common-subsequence table. Prompt texts are small; past a size
 * bound the whole text is shown as replaced rather than spending quadratic memory.
 */
public final class UnifiedDiff {
  private static final long MAX_CELLS = 16L << 20;
  private static final int CONTEXT = 3;

  private UnifiedDiff() {}

  /** Returns the unified diff of {@code a} and {@code b} (empty when equal). */
  public static String of(String aName, String bName, String a, String b) {
    if (a.equals(b)) {
      return "";
    }
    List<String> x = a.lines().toList();
    List<String> y = b.lines().toList();
    List<Op> ops = script(x, y);
    StringBuilder out = new StringBuilder();
    out.append("--- ").append(aName).append('\n').append("+++ ").append(bName).append('\n');
    int n = ops.size();
    int i = 0;
    while (i < n) {
      if (ops.get(i).kind() == ' ') {
        i++;
        continue;
      }
      int start = Math.max(0, i - CONTEXT);
      int end = i;
      // extend the hunk while changes are within 2 * CONTEXT lines of each other
      int lastChange = i;
      while (end < n) {
        if (ops.get(end).kind() != ' ') {
          lastChange = end;
        } else if (end - lastChange > 2 * CONTEXT) {
          break;
        }
        end++;
      }
      end = Math.min(n, lastChange + CONTEXT + 1);
      appendHunk(out, ops, start, end, x, y);
      i = end;
    }
    return out.toString();
  }

  private static void appendHunk(StringBuilder out, List<Op> ops, int start, int end, List<String> x, List<String> y) {
    int aStart = -1;
    int bStart = -1;
    int aCount = 0;
    int bCount = 0;
    int aBefore = 0;
    int bBefore = 0;
    for (int k = 0; k < start; k++) {
      char op = ops.get(k).kind();
      if (op != '+') {
        aBefore++;
      }
      if (op != '-') {
        bBefore++;
      }
    }
    StringBuilder body = new StringBuilder();
    for (int k = start; k < end; k++) {
      Op op = ops.get(k);
      int idx = op.index();
      String line;
      if (op.kind() == '+') {
        line = y.get(idx);
        bCount++;
      } else {
        line = x.get(idx);
        aCount++;
        if (op.kind() == ' ') {
          bCount++;
        }
      }
      body.append(op.kind()).append(line).append('\n');
    }
    aStart = aCount == 0 ? aBefore : aBefore + 1;
    bStart = bCount == 0 ? bBefore : bBefore + 1;
    out.append("@@ -").append(range(aStart, aCount)).append(" +").append(range(bStart, bCount)).append(" @@\n");
    out.append(body);
  }

  private static String range(int start, int count) {
    return count == 1 ? String.valueOf(start) : start + "," + count;
  }

  /** One line of the edit script: kept ({@code ' '}), removed from a or added from b, by index. */
  private record Op(char kind, int index) {}

  private static Op op(char kind, int index) {
    return new Op(kind, index);
  }

  private static List<Op> script(List<String> x, List<String> y) {
    int n = x.size();
    int m = y.size();
    List<Op> ops = new ArrayList<>(n + m);
    if ((long) (n + 1) * (m + 1) > MAX_CELLS) {
      for (int i = 0; i < n; i++) {
        ops.add(op('-', i));
      }
      for (int j = 0; j < m; j++) {
        ops.add(op('+', j));
      }
      return ops;
    }
    int[][] lcs = new int[n + 1][m + 1];
    for (int i = n - 1; i >= 0; i--) {
      for (int j = m - 1; j >= 0; j--) {
        lcs[i][j] = x.get(i).equals(y.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    int i = 0;
    int j = 0;
    while (i < n && j < m) {
      if (x.get(i).equals(y.get(j))) {
        ops.add(op(' ', i));
        i++;
        j++;
      } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
        ops.add(op('-', i++));
      } else {
        ops.add(op('+', j++));
      }
    }
    while (i < n) {
      ops.add(op('-', i++));
    }
    while (j < m) {
      ops.add(op('+', j++));
    }
    return ops;
  }
}
