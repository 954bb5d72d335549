package dev.mvc.emulators.s3;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A launcher that runs the Adobe S3Mock emulator ({@code com.adobe.testing:s3mock:jar:exec})
 * as a separate Java process on a free loopback port and stops it again on {@link #close()} or
 * at JVM exit.
 *
 * <p>S3Mock supports object versioning, user metadata, SHA-256 checksums, conditional GET,
 * object tagging and SSE-KMS with registered key ARNs (requests send the bare key id). It does
 * not check credentials or {@code ExpectedBucketOwner}, and an unknown {@code versionId}
 * answers {@code NoSuchKey} where real S3 answers {@code NoSuchVersion}.
 *
 * <p>Starting the emulator takes a few seconds, so start it once per test suite. The
 * {@link #shared()} instance is started on first use, shared by every test class in the JVM
 * and stopped when the JVM exits:
 *
 * <pre>{@code
 * S3MockLauncher s3 = S3MockLauncher.shared();
 * S3Client client = S3Client.builder()
 *     .endpointOverride(s3.endpoint())
 *     .forcePathStyle(true)                       // S3Mock serves path-style URLs only
 *     .region(Region.of(s3.region()))
 *     .credentialsProvider(StaticCredentialsProvider.create(
 *         AwsBasicCredentials.create(s3.accessKeyId(), s3.secretAccessKey())))
 *     .build();
 * }</pre>
 *
 * <p>The launcher finds the S3Mock jar in this order: {@link Builder#jar(Path)}; the system
 * property {@value #JAR_PROPERTY}; the local Maven repository
 * ({@code maven.repo.local}, else {@code ~/.m2/repository}). A build can provide the jar with
 * {@code maven-dependency-plugin:copy} of {@code com.adobe.testing:s3mock:4.11.0:jar:exec}
 * and pass its path to the tests with surefire's {@code systemPropertyVariables}.
 *
 * <p>Instances are thread-safe.
 */
public final class S3MockLauncher implements AutoCloseable {

  /** The system property that names the S3Mock exec jar: {@value}. */
  public static final String JAR_PROPERTY = "mvc.s3mock.jar";

  /** The S3Mock version this launcher is tested with: {@value}. */
  public static final String S3MOCK_VERSION = "4.11.0";

  /**
   * A KMS key ARN that the {@linkplain #shared() shared} emulator accepts: {@value}. Requests
   * name it by its bare key id, {@link #DEFAULT_KMS_KEY_ID}.
   */
  public static final String DEFAULT_KMS_KEY_ARN =
      "arn:aws:kms:us-east-1:111122223333:key/0f7c8a6e-mvc-test-key";

  /** The bare key id of {@link #DEFAULT_KMS_KEY_ARN}: {@value}. */
  public static final String DEFAULT_KMS_KEY_ID = "0f7c8a6e-mvc-test-key";

  private static final String REGION = "us-east-1";
  private static final Object SHARED_LOCK = new Object();
  private static @Nullable S3MockLauncher shared;

  private final Path jar;
  private final List<String> validKmsKeyArns;
  private final Duration startupTimeout;
  private final List<String> jvmArguments;

  private final Object lock = new Object();
  private @Nullable Process process;
  private @Nullable Path workDirectory;
  private @Nullable URI endpoint;
  private @Nullable Thread shutdownHook;

  private S3MockLauncher(Builder builder) {
    this.jar = builder.jar != null ? builder.jar : locateJar();
    this.validKmsKeyArns = List.copyOf(builder.validKmsKeyArns);
    this.startupTimeout = builder.startupTimeout;
    this.jvmArguments = List.copyOf(builder.jvmArguments);
  }

  /** Returns a new builder; the launcher it builds is not started yet. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the emulator shared by all tests in this JVM, starting it on first use. It accepts
   * {@link #DEFAULT_KMS_KEY_ARN} and runs until the JVM exits; {@link #close()} on it is
   * ignored so that one test class cannot stop it under another.
   *
   * @throws IllegalStateException if the jar cannot be found or the emulator does not start
   */
  public static S3MockLauncher shared() {
    synchronized (SHARED_LOCK) {
      if (shared == null) {
        S3MockLauncher launcher = builder().validKmsKeyArn(DEFAULT_KMS_KEY_ARN).build();
        launcher.start();
        shared = launcher;
      }
      return shared;
    }
  }

  /**
   * Starts the emulator and waits until it answers requests. Calling it on a running launcher
   * does nothing.
   *
   * @return this launcher
   * @throws IllegalStateException if the process exits or does not answer within the startup
   *     timeout; the message carries the end of the emulator's log
   */
  public S3MockLauncher start() {
    synchronized (lock) {
      if (process != null) {
        return this;
      }
      IllegalStateException last = null;
      // A port found free can be taken by another process before the emulator binds it.
      for (int attempt = 1; attempt <= 3; attempt++) {
        try {
          startOnce();
          return this;
        } catch (ExitedEarly e) {
          last = e;
          stopProcess();
        } catch (RuntimeException e) {
          stopProcess();
          throw e;
        }
      }
      throw Objects.requireNonNull(last);
    }
  }

  private void startOnce() {
    Path dir;
    try {
      dir = Files.createTempDirectory("mvc-s3mock-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a work directory for S3Mock", e);
    }
    int httpPort = freePort();
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmArguments);
    command.add("-jar");
    command.add(jar.toString());
    command.add("--com.adobe.testing.s3mock.httpPort=" + httpPort);
    // S3Mock also opens an HTTPS connector (server.port, 9191 by default); let the OS pick it
    // so that several emulators can run on one machine.
    command.add("--server.port=0");
    command.add("--com.adobe.testing.s3mock.store.root=" + dir.resolve("store"));
    if (!validKmsKeyArns.isEmpty()) {
      command.add("--com.adobe.testing.s3mock.store.validKmsKeys=" + String.join(",", validKmsKeyArns));
    }
    Path log = dir.resolve("s3mock.log");
    Process started;
    try {
      started =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
    } catch (IOException e) {
      deleteRecursively(dir);
      throw new IllegalStateException("cannot start S3Mock from " + jar + ": " + e.getMessage(), e);
    }
    process = started;
    workDirectory = dir;
    URI uri = URI.create("http://127.0.0.1:" + httpPort);
    awaitReady(started, uri, log);
    endpoint = uri;
    Thread hook = new Thread(this::stopProcess, "s3mock-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    shutdownHook = hook;
  }

  private void awaitReady(Process started, URI uri, Path log) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest ping = HttpRequest.newBuilder(uri.resolve("/")).timeout(Duration.ofSeconds(2)).GET().build();
    long deadline = System.nanoTime() + startupTimeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!started.isAlive()) {
        throw new ExitedEarly(
            "S3Mock exited with status " + started.exitValue() + " before it was ready on " + uri
                + "; end of its log:\n" + tail(log));
      }
      try {
        HttpResponse<Void> response = http.send(ping, HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for S3Mock on " + uri, e);
      }
      sleep(Duration.ofMillis(100));
    }
    throw new IllegalStateException(
        "S3Mock did not answer on " + uri + " within " + startupTimeout + "; end of its log:\n" + tail(log));
  }

  /**
   * Returns the emulator's endpoint, {@code http://127.0.0.1:<port>}, for
   * {@code S3ClientBuilder.endpointOverride(..)} together with {@code forcePathStyle(true)}.
   *
   * @throws IllegalStateException if the emulator is not running
   */
  public URI endpoint() {
    synchronized (lock) {
      if (endpoint == null) {
        throw new IllegalStateException("S3Mock is not running; call start() first");
      }
      return endpoint;
    }
  }

  /** Returns the region the emulator reports, {@code us-east-1}. */
  public String region() {
    return REGION;
  }

  /** Returns an access key id for clients; the emulator accepts any. */
  public String accessKeyId() {
    return "mvc-test";
  }

  /** Returns a secret access key for clients; the emulator accepts any. */
  public String secretAccessKey() {
    return "mvc-test-secret";
  }

  /** Returns the KMS key ARNs the emulator accepts, in the order given to the builder. */
  public List<String> validKmsKeyArns() {
    return validKmsKeyArns;
  }

  /**
   * Returns the folder where the running emulator keeps buckets and objects, one subfolder per
   * bucket. Tests may change stored bytes there to simulate corruption at rest: the emulator
   * keeps serving the checksum recorded at upload.
   *
   * @throws IllegalStateException if the emulator is not running
   */
  public Path storeRoot() {
    synchronized (lock) {
      if (workDirectory == null || endpoint == null) {
        throw new IllegalStateException("S3Mock is not running; call start() first");
      }
      return workDirectory.resolve("store");
    }
  }

  /** Returns the S3Mock exec jar this launcher runs. */
  public Path jar() {
    return jar;
  }

  /** Returns whether the emulator process is running. */
  public boolean isRunning() {
    synchronized (lock) {
      return process != null && process.isAlive();
    }
  }

  /**
   * Stops the emulator and deletes its stored objects. Does nothing on the {@linkplain
   * #shared() shared} instance, which stops at JVM exit.
   */
  @Override
  public void close() {
    synchronized (SHARED_LOCK) {
      if (this == shared) {
        return;
      }
    }
    synchronized (lock) {
      Thread hook = shutdownHook;
      shutdownHook = null;
      if (hook != null) {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
          // the JVM is already shutting down and the hook runs anyway
        }
      }
      stopProcess();
    }
  }

  private void stopProcess() {
    Process p;
    Path dir;
    synchronized (lock) {
      p = process;
      dir = workDirectory;
      process = null;
      workDirectory = null;
      endpoint = null;
    }
    if (p != null) {
      p.destroy();
      try {
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
          p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    if (dir != null) {
      deleteRecursively(dir);
    }
  }

  @Override
  public String toString() {
    synchronized (lock) {
      return "S3MockLauncher{endpoint=" + (endpoint == null ? "not running" : endpoint)
          + ", jar=" + jar + ", validKmsKeyArns=" + validKmsKeyArns + "}";
    }
  }

  static Path locateJar() {
    String configured = System.getProperty(JAR_PROPERTY);
    if (configured != null && !configured.isBlank()) {
      Path path = Paths.get(configured);
      if (!Files.isRegularFile(path)) {
        throw new IllegalStateException(
            "system property " + JAR_PROPERTY + " names " + path + ", which is not a file");
      }
      return path;
    }
    String repo = System.getProperty("maven.repo.local");
    Path repository =
        repo != null && !repo.isBlank()
            ? Paths.get(repo)
            : Paths.get(System.getProperty("user.home"), ".m2", "repository");
    Path path =
        repository.resolve(
            Paths.get("com", "adobe", "testing", "s3mock", S3MOCK_VERSION,
                "s3mock-" + S3MOCK_VERSION + "-exec.jar"));
    if (Files.isRegularFile(path)) {
      return path;
    }
    throw new IllegalStateException(
        "S3Mock jar not found: set system property " + JAR_PROPERTY
            + " or let the build fetch com.adobe.testing:s3mock:" + S3MOCK_VERSION
            + ":jar:exec (looked in " + path + ")");
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port for S3Mock", e);
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for S3Mock", e);
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // best effort: a leftover temporary directory is harmless
    }
  }

  private static final class ExitedEarly extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    ExitedEarly(String message) {
      super(message);
    }
  }

  /** A builder of {@link S3MockLauncher}; not thread-safe. */
  public static final class Builder {
    private @Nullable Path jar;
    private final List<String> validKmsKeyArns = new ArrayList<>();
    private Duration startupTimeout = Duration.ofSeconds(60);
    private final List<String> jvmArguments = new ArrayList<>(List.of("-Xmx384m", "-XX:TieredStopAtLevel=1"));

    private Builder() {}

    /** Sets the S3Mock exec jar to run; by default it is located as described on the class. */
    public Builder jar(Path jar) {
      Objects.requireNonNull(jar, "jar");
      if (!Files.isRegularFile(jar)) {
        throw new IllegalArgumentException("jar must be an existing file, was " + jar);
      }
      this.jar = jar;
      return this;
    }

    /**
     * Adds a KMS key ARN that the emulator accepts for SSE-KMS, such as
     * {@code arn:aws:kms:us-east-1:111122223333:key/<key-id>}; requests name the bare key id.
     */
    public Builder validKmsKeyArn(String arn) {
      Objects.requireNonNull(arn, "arn");
      if (!arn.startsWith("arn:") || !arn.contains(":key/") || arn.contains(",")) {
        throw new IllegalArgumentException(
            "validKmsKeyArn must look like arn:aws:kms:<region>:<account>:key/<id>, was " + arn);
      }
      validKmsKeyArns.add(arn);
      return this;
    }

    /** Sets how long {@link S3MockLauncher#start()} waits for the emulator; 60 s by default. */
    public Builder startupTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("startupTimeout must be positive, was " + timeout);
      }
      this.startupTimeout = timeout;
      return this;
    }

    /** Adds an argument for the emulator's JVM, such as {@code -Xmx512m}. */
    public Builder jvmArgument(String argument) {
      Objects.requireNonNull(argument, "argument");
      jvmArguments.add(argument);
      return this;
    }

    /**
     * Returns a launcher; call {@link S3MockLauncher#start()} on it.
     *
     * @throws IllegalStateException if no jar was set and none can be found
     */
    public S3MockLauncher build() {
      return new S3MockLauncher(this);
    }
  }
}
