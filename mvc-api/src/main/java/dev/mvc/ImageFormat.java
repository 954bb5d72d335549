package dev.mvc;

import java.util.Locale;

/**
 * The format of an image a caller attaches to one call ({@link InvocationRequest.Builder#image}),
 * as Bedrock's Converse API names it ({@code ImageFormat}).
 */
public enum ImageFormat {
  /** PNG ({@code png}). */
  PNG,
  /** JPEG ({@code jpeg}). */
  JPEG,
  /** GIF ({@code gif}). */
  GIF,
  /** WebP ({@code webp}). */
  WEBP;

  /** Returns the name Bedrock's Converse API uses: {@code png}, {@code jpeg}, {@code gif}, {@code webp}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Returns the media type of the format, such as {@code image/png}. */
  public String mediaType() {
    return "image/" + wireName();
  }
}
