package dev.mvc.cli.internal;

import dev.mvc.cli.ExitCode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Reads of files named on the command line or in a config repository: regular files only,
 * refused before they are opened when they are a directory, FIFO or device, never more than a
 * stated limit buffered, and every failure a {@link CliException} that says what is wrong with
 * the file. The command-line counterpart of the library's bounded reads of manifests and blobs,
 * which are not part of its API.
 */
final class UserFiles {
  /** The largest file a command reads whole: a prompt, config, key or variables file. */
  static final int MAX_BYTES = 4 << 20;

  private UserFiles() {}

  /**
   * Returns the bytes of {@code file}, described as {@code what} in messages ("variables file").
   *
   * @throws CliException {@link ExitCode#NOT_FOUND} when the file does not exist, and
   *     {@link ExitCode#CHECK_FAILED} when it is a directory or special file, cannot be read or is
   *     larger than {@code limit}
   */
  static byte[] read(Path file, String what, int limit) {
    requireRegularFile(file, what);
    try {
      long size = Files.size(file);
      if (size > limit) {
        throw tooLarge(file, what, size + " bytes", limit);
      }
      try (InputStream in = Files.newInputStream(file)) {
        byte[] bytes = in.readNBytes(limit + 1);
        if (bytes.length > limit) {
          throw tooLarge(file, what, "more than " + limit + " bytes", limit);
        }
        return bytes;
      }
    } catch (IOException e) {
      throw unreadable(file, what, e);
    }
  }

  /** Returns {@code file} as UTF-8 text; a file that is not UTF-8 fails with {@code exitCode}. */
  static String readText(Path file, String what, int limit, int exitCode) {
    byte[] bytes = read(file, what, limit);
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new CliException(exitCode, what + " " + file + " is not UTF-8 text", "pass a UTF-8 text file", e);
    }
  }

  /**
   * Fails unless {@code file} is a regular file (symbolic links followed), with the exit codes
   * of {@link #read}.
   */
  static void requireRegularFile(Path file, String what) {
    BasicFileAttributes attrs;
    try {
      attrs = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (IOException e) {
      throw unreadable(file, what, e);
    }
    if (attrs.isDirectory()) {
      throw new CliException(ExitCode.CHECK_FAILED, what + " " + file + " is a directory", "name a file, not a directory");
    }
    if (!attrs.isRegularFile()) {
      throw new CliException(ExitCode.CHECK_FAILED, what + " " + file
          + " is not a regular file (a FIFO, device or socket)", "name a regular file");
    }
  }

  private static CliException tooLarge(Path file, String what, String size, int limit) {
    return new CliException(ExitCode.CHECK_FAILED, what + " " + file + " is " + size + ", more than the limit of "
        + limit + " bytes", "check that it is the file you meant");
  }

  private static CliException unreadable(Path file, String what, IOException e) {
    if (e instanceof NoSuchFileException) {
      return new CliException(ExitCode.NOT_FOUND, what + " " + file + " does not exist", "check the path", e);
    }
    if (e instanceof AccessDeniedException) {
      return new CliException(ExitCode.CHECK_FAILED, what + " " + file + " cannot be read: permission denied",
          "check its permissions (ls -l " + file + ")", e);
    }
    return new CliException(ExitCode.CHECK_FAILED, what + " " + file + " cannot be read: " + e.getMessage(),
        "check the file", e);
  }
}
