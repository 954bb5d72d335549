package dev.mvc.cli.internal;

import dev.mvc.cli.MvcCli;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * A side-effect-free run of common commands, so that {@code bin/mvc} can record the classes they
 * load in a class-data-sharing archive once after a build (the JVM's
 * {@code -XX:ArchiveClassesAtExit}) and map it on every later run. It runs {@code demo} (the
 * Bedrock path against the in-process emulator) and an {@code artifact upload} of a small
 * temporary file to a loopback port where nothing listens (the S3 client, signer and HTTP client,
 * failing before any byte leaves the machine), all output discarded.
 */
public final class ClassDataTraining {
  private ClassDataTraining() {}

  /** Runs the training commands; exits 0 whatever they print or return. */
  public static void main(String[] args) throws IOException {
    PrintWriter none = new PrintWriter(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
    String key = System.getProperty("aws.accessKeyId");
    String secret = System.getProperty("aws.secretAccessKey");
    System.setProperty("aws.accessKeyId", "training");
    System.setProperty("aws.secretAccessKey", "training");
    Path file = Files.createTempFile("mvc-training", ".bin");
    try {
      MvcCli.commandLine(none, none).execute("demo");
      Files.write(file, new byte[1024]);
      MvcCli.commandLine(none, none).execute("artifact", "upload", file.toString(), "s3://training/model.bin",
          "--endpoint-url", "http://127.0.0.1:9", "--region", "us-east-1", "--json");
    } finally {
      Files.deleteIfExists(file);
      restore("aws.accessKeyId", key);
      restore("aws.secretAccessKey", secret);
    }
  }

  private static void restore(String name, @Nullable String value) {
    if (value == null) {
      System.clearProperty(name);
    } else {
      System.setProperty(name, value);
    }
  }
}
