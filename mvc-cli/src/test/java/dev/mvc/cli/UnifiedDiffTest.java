package dev.mvc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mvc.cli.internal.UnifiedDiff;
import org.junit.jupiter.api.Test;

/** The unified diff of prompt text. */
class UnifiedDiffTest {

  @Test
  void equalTexts_haveNoDiff() {
    assertThat(UnifiedDiff.of("a", "b", "x\ny", "x\ny")).isEmpty();
  }

  @Test
  void oneChangedLine_isAHunkWithContext() {
    String a = "1\n2\n3\n4\n5\n6\n7\n8\n9";
    String b = "1\n2\n3\n4\nFIVE\n6\n7\n8\n9";

    assertThat(UnifiedDiff.of("a/t", "b/t", a, b)).isEqualTo("""
        --- a/t
        +++ b/t
        @@ -2,7 +2,7 @@
         2
         3
         4
        -5
        +FIVE
         6
         7
         8
        """);
  }

  @Test
  void distantChanges_areSeparateHunks() {
    StringBuilder a = new StringBuilder();
    StringBuilder b = new StringBuilder();
    for (int i = 1; i <= 20; i++) {
      a.append(i).append('\n');
      b.append(i == 2 ? "two" : i == 19 ? "nineteen" : String.valueOf(i)).append('\n');
    }

    String diff = UnifiedDiff.of("a", "b", a.toString(), b.toString());

    assertThat(diff).contains("@@ -1,5 +1,5 @@").contains("@@ -16,5 +16,5 @@").contains("-19\n+nineteen\n");
  }

  @Test
  void addedLinesAtTheEnd_countFromTheirPosition() {
    assertThat(UnifiedDiff.of("a", "b", "x", "x\ny\nz")).isEqualTo("""
        --- a
        +++ b
        @@ -1 +1,3 @@
         x
        +y
        +z
        """);
  }

  @Test
  void fromEmpty_startsAtZero() {
    assertThat(UnifiedDiff.of("a", "b", "", "new")).contains("@@ -0,0 +1 @@\n+new\n");
  }
}
