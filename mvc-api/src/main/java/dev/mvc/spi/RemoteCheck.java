package dev.mvc.spi;

import dev.mvc.CheckFailedException;
import dev.mvc.CheckMode;
import dev.mvc.CheckWarning;
import dev.mvc.MvcException;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A named remote check of a backend with its {@link CheckMode} and {@link CheckListener}: the one
 * place that decides what a mode does, so that every check of every backend behaves alike. A
 * backend asks {@link #off()} before it makes any remote call, then hands what it found to
 * {@link #report(List)} or, when the lookup threw, to {@link #lookupFailed}:
 *
 * <pre>{@code
 * if (check.off()) {
 *   return;                                       // OFF: no remote call at all
 * }
 * List<CheckWarning> differences;
 * try {
 *   differences = compare(lookUp(pin));
 * } catch (RuntimeException e) {
 *   check.lookupFailed(subject, field, pinned, "the ingestion jobs", mapper.map(e));
 *   return;
 * }
 * check.report(differences);                      // WARN: listener + log; FAIL: throws
 * }</pre>
 */
public final class RemoteCheck {
  private static final Pattern NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

  private final String name;
  private final CheckMode mode;
  private final CheckListener listener;
  private final Logger log;

  private RemoteCheck(String name, CheckMode mode, CheckListener listener) {
    this.name = name;
    this.mode = mode;
    this.listener = listener;
    this.log = LoggerFactory.getLogger("dev.mvc.check." + name);
  }

  /**
   * Returns a check named {@code name} (lower case words joined by hyphens, such as
   * {@code bedrock-lifecycle}) that runs in {@code mode} and reports to {@code listener}.
   */
  public static RemoteCheck of(String name, CheckMode mode, CheckListener listener) {
    if (!NAME.matcher(Objects.requireNonNull(name, "name")).matches()) {
      throw new IllegalArgumentException("check name must be lower-case words joined by '-', was '" + name + "'");
    }
    return new RemoteCheck(name, Objects.requireNonNull(mode, "mode"), Objects.requireNonNull(listener, "listener"));
  }

  /** Returns the check's name. */
  public String name() {
    return name;
  }

  /** Returns the check's mode. */
  public CheckMode mode() {
    return mode;
  }

  /** Returns whether the check is {@link CheckMode#OFF}, in which case the backend makes no remote call. */
  public boolean off() {
    return mode == CheckMode.OFF;
  }

  /** Returns a warning of this check. */
  public CheckWarning warning(String subject, String field, String pinned, String found, String message) {
    return new CheckWarning(name, subject, field, pinned, found, message);
  }

  /**
   * Applies the mode to the differences found (none: nothing happens). {@code WARN} hands each to
   * the listener and logs it once; {@code FAIL} throws a {@link CheckFailedException} carrying them all.
   *
   * @throws IllegalStateException when the check is {@code OFF}: the lookup should not have been made
   */
  public void report(List<CheckWarning> differences) {
    report(differences, found -> new CheckFailedException(name, found));
  }

  /**
   * Applies the mode as {@link #report(List)} does, with the provider's own exception under
   * {@code FAIL}: {@code failure} receives the differences (never empty).
   */
  public void report(List<CheckWarning> differences,
      Function<List<CheckWarning>, ? extends CheckFailedException> failure) {
    requireOn();
    if (differences.isEmpty()) {
      return;
    }
    for (CheckWarning w : differences) {
      if (!name.equals(w.check())) {
        throw new IllegalArgumentException("check " + name + " cannot report a warning of check " + w.check());
      }
    }
    if (mode == CheckMode.FAIL) {
      throw Objects.requireNonNull(failure.apply(List.copyOf(differences)), "failure");
    }
    differences.forEach(this::warn);
  }

  /**
   * Reports findings that never refuse a manifest, in {@code WARN} and {@code FAIL} alike (an
   * approaching date, such as a model's end of life outside the window that fails a load): each
   * goes to the listener and is logged once.
   *
   * @throws IllegalStateException when the check is {@code OFF}: the lookup should not have been made
   */
  public void notice(List<CheckWarning> findings) {
    requireOn();
    for (CheckWarning w : findings) {
      if (!name.equals(w.check())) {
        throw new IllegalArgumentException("check " + name + " cannot report a warning of check " + w.check());
      }
    }
    findings.forEach(this::warn);
  }

  /**
   * Applies the mode to a lookup that failed: {@code WARN} reports a warning whose found value is
   * {@link CheckWarning#UNKNOWN}; {@code FAIL} throws a {@link CheckFailedException} whose cause
   * is {@code cause}.
   *
   * @param subject what was looked up
   * @param field the manifest field that pins it
   * @param pinned the pinned value
   * @param what what could not be looked up, such as {@code "the lifecycle status"}
   * @param cause the provider's error, already mapped into the mvc exception tree
   */
  public void lookupFailed(String subject, String field, String pinned, String what, MvcException cause) {
    requireOn();
    String message = field + " " + pinned + ": " + what + " could not be looked up: " + cause.getMessage();
    CheckWarning w = warning(subject, field, pinned, CheckWarning.UNKNOWN, message);
    if (mode == CheckMode.FAIL) {
      throw new CheckFailedException(name, List.of(w), message + " (check " + name + " is FAIL)", cause);
    }
    warn(w);
  }

  private void requireOn() {
    if (mode == CheckMode.OFF) {
      throw new IllegalStateException("check " + name + " is OFF and must make no lookup");
    }
  }

  private void warn(CheckWarning w) {
    log.warn("{} (check {} is {})", w.message(), name, mode);
    try {
      listener.onWarning(w);
    } catch (RuntimeException e) {
      log.warn("check listener failed on a warning of check {}", name, e);
    }
  }

  @Override
  public String toString() {
    return name + "=" + mode;
  }
}
