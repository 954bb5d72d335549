package dev.mvc;

import java.util.List;
import java.util.Objects;

/**
 * A passage of a generated answer that the provider attributes to retrieved sources, as
 * returned by knowledge-base and agent calls: the cited text, its span in the answer, and where
 * the supporting content came from.
 *
 * @param text the part of the answer the citation covers
 * @param start where that part starts in the answer, as reported by the provider
 * @param end where that part ends in the answer, as reported by the provider
 * @param sources the locations of the retrieved references: a URI where the source has one
 *     ({@code s3://..}, {@code https://..}), otherwise the provider's identifier of the source
 */
public record Citation(String text, int start, int end, List<String> sources) {

  /** Creates a citation; the span must satisfy {@code 0 <= start <= end}. */
  public Citation {
    Objects.requireNonNull(text, "text");
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("citation span must satisfy 0 <= start <= end, was ["
          + start + ", " + end + "]");
    }
    sources = List.copyOf(sources);
  }

  @Override
  public String toString() {
    // The cited text is part of an answer and may be personal data: only its span is printed.
    return "Citation{span=[" + start + ", " + end + "], sources=" + sources + "}";
  }
}
