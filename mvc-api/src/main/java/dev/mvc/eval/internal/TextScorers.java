package dev.mvc.eval.internal;

import dev.mvc.eval.Expectations;
import dev.mvc.eval.GoldenCase;
import dev.mvc.eval.Score;
import dev.mvc.eval.spi.Scorer;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The scorers that compare the answer's text with one expectation: exact, contains, regex, number. */
public final class TextScorers {
  private static final Pattern NUMBER = Pattern.compile("[-+]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][-+]?\\d+)?");

  private TextScorers() {}

  /** The answer, with surrounding white space removed, equals {@code expect.exact}. */
  public static final class Exact implements Scorer {
    @Override
    public String name() {
      return Expectations.EXACT;
    }

    @Override
    public boolean appliesTo(GoldenCase c) {
      return c.expect().exact() != null;
    }

    @Override
    public Score score(GoldenCase c, String answer) {
      String expected = Objects.requireNonNull(c.expect().exact()).strip();
      return answer.strip().equals(expected) ? Score.pass(name(), "equal")
          : Score.fail(name(), "differs (" + answer.strip().length() + " chars, expected " + expected.length() + ")");
    }
  }

  /** The answer contains {@code expect.contains}. */
  public static final class Contains implements Scorer {
    @Override
    public String name() {
      return Expectations.CONTAINS;
    }

    @Override
    public boolean appliesTo(GoldenCase c) {
      return c.expect().contains() != null;
    }

    @Override
    public Score score(GoldenCase c, String answer) {
      return answer.contains(Objects.requireNonNull(c.expect().contains())) ? Score.pass(name(), "found")
          : Score.fail(name(), "not found");
    }
  }

  /** The answer contains a match of {@code expect.regex}. */
  public static final class Regex implements Scorer {
    @Override
    public String name() {
      return Expectations.REGEX;
    }

    @Override
    public boolean appliesTo(GoldenCase c) {
      return c.expect().pattern() != null;
    }

    @Override
    public Score score(GoldenCase c, String answer) {
      return Objects.requireNonNull(c.expect().pattern()).matcher(answer).find() ? Score.pass(name(), "matched")
          : Score.fail(name(), "no match of " + c.expect().regex());
    }
  }

  /** The first number in the answer lies within {@code expect.number.tolerance} of its value. */
  public static final class Number implements Scorer {
    @Override
    public String name() {
      return Expectations.NUMBER;
    }

    @Override
    public boolean appliesTo(GoldenCase c) {
      return c.expect().number() != null;
    }

    @Override
    public Score score(GoldenCase c, String answer) {
      Expectations.NumberExpectation e = Objects.requireNonNull(c.expect().number());
      Double found = firstNumber(answer);
      if (found == null) {
        return Score.fail(name(), "no number in the answer");
      }
      double diff = Math.abs(found - e.value());
      return diff <= e.tolerance() ? Score.pass(name(), found + " within " + e.tolerance() + " of " + e.value())
          : Score.fail(name(), found + " is " + diff + " from " + e.value() + ", tolerance " + e.tolerance());
    }
  }

  /** Returns the first number in {@code text}, or null. */
  public static Double firstNumber(String text) {
    Matcher m = NUMBER.matcher(text);
    while (m.find()) {
      try {
        return Double.parseDouble(m.group());
      } catch (NumberFormatException e) {
        // A lone sign or dot: look further.
      }
    }
    return null;
  }
}
