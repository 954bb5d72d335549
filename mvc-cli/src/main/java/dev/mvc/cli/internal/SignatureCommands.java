package dev.mvc.cli.internal;

import dev.mvc.LoadedManifest;
import dev.mvc.ManifestSignatures;
import dev.mvc.MvcException;
import dev.mvc.PinningPolicy;
import dev.mvc.VersionManifest;
import dev.mvc.cli.ExitCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mvc keygen}, {@code mvc sign} and {@code mvc verify}: Ed25519 detached signatures over
 * manifest digests with {@link ManifestSignatures}. A key file holds the base64 key; its name
 * without extension is the key ID ({@code release-2026.key}, {@code release-2026.pub}).
 */
final class SignatureCommands {
  private SignatureCommands() {}

  static String keyId(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }

  static String readKey(Path file) {
    try {
      return UserFiles.readText(file, "key file", 64 << 10, ExitCode.USAGE).strip();
    } catch (CliException e) {
      if (e.exitCode() == ExitCode.NOT_FOUND) {
        throw new CliException(ExitCode.NOT_FOUND, e.getMessage(), "check the path, or create keys with mvc keygen", e);
      }
      throw e;
    }
  }

  /** Returns the policy that trusts the public keys in {@code files}, plus the relaxed rules. */
  static PinningPolicy trusting(List<Path> files, PinningPolicy base) {
    Map<String, PublicKey> keys = new LinkedHashMap<>();
    for (Path f : files) {
      try {
        keys.put(keyId(f), ManifestSignatures.decodePublicKey(readKey(f)));
      } catch (MvcException e) {
        throw new CliException(ExitCode.USAGE, f + ": " + e.getMessage(), "pass a .pub file written by mvc keygen", e);
      }
    }
    return base.toBuilder().requireSignature(ManifestSignatures.trusting(keys)).build();
  }

  /** {@code mvc keygen}. */
  @Command(
      name = "keygen",
      description = {
          "Generate an Ed25519 key pair for signing manifests.",
          "",
          "Generate an Ed25519 key pair for signing manifests: DIR/ID.key (private, owner-only) and",
          "DIR/ID.pub (public, for the applications' trust store and mvc verify --trust)."},
      footerHeading = Help.EXAMPLES,
      footer = {"  mvc keygen --key-id release-2026 -o keys/", Help.EXIT_CODES})
  public static final class Keygen extends CommandBase {
    @Option(names = "--key-id", paramLabel = "ID", required = true, description = "The key ID written into signatures.")
    String keyId;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", defaultValue = ".", description = "Where to write the key files (default: .).")
    Path dir;

    @Override
    protected int run() throws IOException {
      if (!keyId.matches("[A-Za-z0-9._-]{1,64}")) {
        throw new CliException(ExitCode.USAGE, "key ID must be 1 to 64 letters, digits, '.', '_' or '-', was " + keyId,
            "pick a name such as release-2026");
      }
      Path priv = dir.resolve(keyId + ".key");
      Path pub = dir.resolve(keyId + ".pub");
      if (Files.exists(priv) || Files.exists(pub)) {
        throw new CliException(ExitCode.CHECK_FAILED, priv + " or " + pub + " already exists", "pick another key ID or directory");
      }
      Files.createDirectories(dir);
      KeyPair keys = ManifestSignatures.generateKeyPair();
      Files.writeString(priv, ManifestSignatures.encodePrivateKey(keys.getPrivate()) + "\n");
      try {
        Files.setPosixFilePermissions(priv, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system; the file keeps the directory's permissions
      }
      Files.writeString(pub, ManifestSignatures.encodePublicKey(keys.getPublic()) + "\n");
      if (json) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("keyId", keyId);
        r.put("privateKey", priv.toString());
        r.put("publicKey", pub.toString());
        printJson(r);
      } else {
        out().println("key " + keyId);
        out().println("  private: " + priv + " (keep secret)");
        out().println("  public:  " + pub);
      }
      return ExitCode.OK;
    }
  }

  /** {@code mvc sign}. */
  @Command(
      name = "sign",
      description = {
          "Sign a manifest and write FILE.sig.",
          "",
          "Sign a manifest's digest with an Ed25519 private key and write the detached signature to",
          "FILE.sig, where file sources and mvc publish pick it up."},
      footerHeading = Help.EXAMPLES,
      footer = {"  mvc sign manifest.json --key keys/release-2026.key", Help.EXIT_CODES})
  public static final class Sign extends CommandBase {
    @Parameters(index = "0", paramLabel = "FILE", description = "The manifest file.")
    Path file;

    @Option(names = "--key", paramLabel = "KEYFILE", required = true, description = "The private key file (ID.key).")
    Path key;

    @Option(names = "--key-id", paramLabel = "ID", description = "The key ID (default: the key file's name).")
    @Nullable String keyId;

    @Override
    protected int run() throws IOException {
      ManifestAccess.Fetched fetched = ManifestAccess.fetch(file.toString(), ManifestAccess.SourceFactory.DEFAULT);
      VersionManifest m = fetched.parse();
      String id = keyId != null ? keyId : keyId(key);
      String signature;
      try {
        signature = ManifestSignatures.sign(m, id, ManifestSignatures.decodePrivateKey(readKey(key)));
      } catch (MvcException e) {
        throw new CliException(ExitCode.USAGE, key + ": " + e.getMessage(), "pass a .key file written by mvc keygen", e);
      }
      Path sig = file.resolveSibling(file.getFileName() + ".sig");
      Files.writeString(sig, signature + "\n");
      if (json) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("digest", m.digest());
        r.put("keyId", id);
        r.put("signature", signature);
        r.put("file", sig.toString());
        printJson(r);
      } else {
        out().println(signature);
        err().println("signed " + m.name() + " " + m.version() + " " + m.digest() + " with " + id + "; wrote " + sig);
      }
      return ExitCode.OK;
    }
  }

  /** {@code mvc verify}. */
  @Command(
      name = "verify",
      description = {
          "Verify the signature of a manifest against trusted keys.",
          "",
          "Verify a manifest's detached signature (FILE.sig, or S3 metadata) against trusted public keys,",
          "in the full load pipeline with the pinning policy, as an application with",
          "PinningPolicy.requireSignature(..) does."},
      footerHeading = Help.EXAMPLES,
      footer = {
          "  mvc verify manifest.json --trust keys/release-2026.pub",
          "  mvc verify 's3://ml-config/app/manifest.json?versionId=3HL4' --trust release-2026.pub",
          Help.EXIT_CODES})
  public static final class Verify extends CommandBase {
    @Parameters(index = "0", paramLabel = "FILE|URI", description = "Manifest path or URI.")
    String uri;

    @Option(names = "--trust", paramLabel = "PUBFILE", required = true,
        description = "A trusted public key file (ID.pub, repeatable).")
    List<Path> trust = new ArrayList<>();

    @Option(names = "--relax", paramLabel = "RULE", split = ",", description = "Turn off a pinning rule (repeatable).",
        completionCandidates = ValidateCommand.RuleNames.class)
    List<String> relax = new ArrayList<>();

    @Mixin
    AwsOptions aws;

    @Override
    protected int run() {
      PinningPolicy policy = trusting(trust, ValidateCommand.policy(relax));
      ManifestAccess.Fetched fetched = ManifestAccess.fetch(uri, Sources.factory(aws));
      LoadedManifest loaded = ManifestAccess.load(fetched, policy, null);
      VersionManifest m = loaded.manifest();
      if (json) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("verified", true);
        r.put("name", m.name());
        r.put("version", m.version());
        r.put("digest", m.digest());
        r.put("signature", fetched.fetched().signature());
        printJson(r);
      } else {
        out().println("verified: " + m.name() + " " + m.version() + " " + m.digest());
        out().println("  signature: " + fetched.fetched().signature());
      }
      return ExitCode.OK;
    }
  }
}
