package dev.mvc.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import org.jspecify.annotations.Nullable;

/**
 * Reads of manifests, blobs and signatures that never buffer more than a stated limit. Every byte
 * that enters the process from a file, the class path or a store passes through here, so a
 * {@code /dev/zero}, a FIFO or a file of several hundred megabytes ends in a clear error naming
 * what was read and the limit, never in {@code OutOfMemoryError} or a hang.
 */
public final class BoundedReads {
  private BoundedReads() {}

  /** The reason a bounded read refused its input. */
  public static final class TooLargeException extends IOException {
    private static final long serialVersionUID = 1L;
    private final long limit;

    TooLargeException(String what, long limit) {
      super(what + " is larger than the limit of " + limit + " bytes");
      this.limit = limit;
    }

    /** Returns the limit that was exceeded, in bytes. */
    public long limit() {
      return limit;
    }
  }

  /**
   * The reason a file read refused a path that is not a regular file (a directory, FIFO, device
   * or socket). It is a {@link FileSystemException}, like {@code AccessDeniedException}, so
   * callers can tell a local file problem from an unreachable store without naming this type.
   */
  public static final class NotARegularFileException extends FileSystemException {
    private static final long serialVersionUID = 1L;
    private final String message;

    NotARegularFileException(Path path, String message) {
      super(path.toString(), null, message);
      this.message = message;
    }

    @Override
    public String getMessage() {
      return message;
    }
  }

  /**
   * Reads at most {@code limit} bytes from {@code in}.
   *
   * @throws TooLargeException when the stream holds more than {@code limit} bytes; only
   *     {@code limit + 1} bytes are ever read
   */
  public static byte[] read(InputStream in, int limit, String what) throws IOException {
    byte[] bytes = in.readNBytes(limit + 1);
    if (bytes.length > limit) {
      throw new TooLargeException(what, limit);
    }
    return bytes;
  }

  /**
   * Reads a regular file of at most {@code limit} bytes. Directories, FIFOs, devices and other
   * special files are refused before they are opened, so a FIFO cannot block the caller.
   *
   * @throws NoSuchFileException when the file does not exist
   * @throws NotARegularFileException when {@code path} is a directory or a special file
   * @throws TooLargeException when the file is larger than {@code limit}
   */
  public static byte[] readFile(Path path, int limit, String what) throws IOException {
    BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class);
    requireRegular(path, attrs, what);
    if (attrs.size() > limit) {
      throw new TooLargeException(what + " " + path + " (" + attrs.size() + " bytes)", limit);
    }
    try (InputStream in = Files.newInputStream(path)) {
      // The size can change between the check and the read; the cap holds either way.
      return read(in, limit, what + " " + path);
    }
  }

  /**
   * Reads a regular file of at most {@code limit} bytes, or returns null when it does not exist.
   */
  public static byte @Nullable [] readFileIfPresent(Path path, int limit, String what) throws IOException {
    try {
      return readFile(path, limit, what);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  private static void requireRegular(Path path, BasicFileAttributes attrs, String what)
      throws NotARegularFileException {
    if (attrs.isRegularFile()) {
      return;
    }
    String kind = attrs.isDirectory() ? "is a directory" : "is not a regular file";
    throw new NotARegularFileException(path, what + " " + path + " " + kind);
  }
}
