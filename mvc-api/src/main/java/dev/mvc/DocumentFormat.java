package dev.mvc;

import java.util.Locale;

/**
 * The format of a document a caller attaches to one call ({@link InvocationRequest.Builder#document}),
 * as Bedrock's Converse API names it ({@code DocumentFormat}).
 */
public enum DocumentFormat {
  /** PDF ({@code pdf}). */
  PDF("application/pdf"),
  /** Comma-separated values ({@code csv}). */
  CSV("text/csv"),
  /** Word 97-2003 ({@code doc}). */
  DOC("application/msword"),
  /** Word ({@code docx}). */
  DOCX("application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
  /** Excel 97-2003 ({@code xls}). */
  XLS("application/vnd.ms-excel"),
  /** Excel ({@code xlsx}). */
  XLSX("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
  /** HTML ({@code html}). */
  HTML("text/html"),
  /** Plain text ({@code txt}). */
  TXT("text/plain"),
  /** Markdown ({@code md}). */
  MD("text/markdown");

  private final String mediaType;

  DocumentFormat(String mediaType) {
    this.mediaType = mediaType;
  }

  /** Returns the name Bedrock's Converse API uses: {@code pdf}, {@code csv}, ... */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Returns the media type of the format, such as {@code application/pdf}. */
  public String mediaType() {
    return mediaType;
  }
}
