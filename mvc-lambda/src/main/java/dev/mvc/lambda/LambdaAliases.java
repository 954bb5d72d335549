package dev.mvc.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mvc.ManifestSourceException;
import dev.mvc.s3.S3Location;
import dev.mvc.s3.S3RecordLog;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.GetAliasResponse;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Pins and rolls back the Lambda aliases that serve one manifest, with a history of every move.
 *
 * <p>{@link #pin} records which function version an alias routes to (optionally moving it there
 * first) and which manifest version that function version serves. {@link #rollbackTo} and
 * {@link #rollbackToPrevious} move the alias back, recording who, why and from which version;
 * nothing is deleted, neither function versions nor records. Every move of the alias is an
 * {@code UpdateAlias} with the {@code RevisionId} just read, so an alias changed by someone else
 * in between is not overwritten, and it sets the alias description to what mvc did, so the Lambda
 * console shows it too.
 *
 * <p>The history lives beside the manifest, {@code <manifest key>.lambda/<function>/<alias>.json},
 * as an {@link S3RecordLog}: one object version per move, written conditionally. It is kept in S3,
 * not in the alias: an alias has one 256-character description that each update replaces, and
 * tags belong to the function, so Lambda itself cannot hold a history.
 *
 * <p>"Previous" is the newest published version below the one the alias routes to now
 * ({@code ListVersionsByFunction}), the function version deployed before it. Instances are
 * immutable and thread-safe; the clients are not closed.
 */
public final class LambdaAliases {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_DESCRIPTION = 256;

  private final LambdaClient lambda;
  private final S3Client s3;
  private final S3Location manifest;
  private final Clock clock;

  private LambdaAliases(Builder b) {
    this.lambda = Objects.requireNonNull(b.lambda, "lambdaClient must be set");
    this.s3 = Objects.requireNonNull(b.s3, "s3Client must be set");
    this.manifest = Objects.requireNonNull(b.manifest, "manifest must be set").withoutVersionId();
    this.clock = b.clock;
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns where the history of {@code alias} of {@code function} is kept. */
  public S3Location historyLocation(String function, String alias) {
    return manifest.resolveKey(manifest.key() + ".lambda/" + checkName(function, "function") + "/"
        + checkName(alias, "alias") + ".json");
  }

  /**
   * Records that the version {@code alias} routes to serves manifest version {@code manifestVersion}
   * (digest {@code digest}); when {@code moveTo} is not null the alias is first moved to that version.
   *
   * @throws LambdaAliasException if Lambda refuses, or the function, alias or version does not exist
   * @throws dev.mvc.s3.ConcurrentRecordUpdateException if another move was recorded meanwhile
   */
  public AliasMove pin(String function, String alias, @Nullable String moveTo, S3Location manifestVersion,
      String digest, String by, String reason) {
    if (!Objects.requireNonNull(manifestVersion, "manifestVersion").isPinned()) {
      throw new IllegalArgumentException("pin names one manifest version: manifest must carry a versionId, was "
          + manifestVersion);
    }
    GetAliasResponse current = getAlias(function, alias);
    String to = moveTo == null ? current.functionVersion() : moveTo;
    AliasMove move = new AliasMove(AliasMove.PIN, function, alias, current.functionVersion(), to,
        manifestVersion.toString(), digest, by, clock.instant(), reason);
    if (moveTo != null) {
      update(current, function, alias, to, "mvc pin " + digest + " by " + by);
    } else {
      configuration(function, to); // the version must exist
    }
    return record(move);
  }

  /**
   * Moves {@code alias} back to {@code version} and records the rollback.
   *
   * @throws LambdaAliasException if the version is the current one or does not exist, or Lambda refuses
   */
  public AliasMove rollbackTo(String function, String alias, String version, String by, String reason) {
    GetAliasResponse current = getAlias(function, alias);
    if (current.functionVersion().equals(version)) {
      throw new LambdaAliasException("alias " + alias + " of " + function + " already routes to version " + version
          + ": nothing to roll back", 0, null);
    }
    configuration(function, version);
    AliasMove pinned = lastPinOf(function, alias, version);
    AliasMove move = new AliasMove(AliasMove.ROLLBACK, function, alias, current.functionVersion(), version,
        pinned == null ? null : pinned.manifest(), pinned == null ? null : pinned.digest(), by, clock.instant(), reason);
    update(current, function, alias, version, "mvc rollback from " + current.functionVersion() + " by " + by);
    return record(move);
  }

  /**
   * Moves {@code alias} back to the newest published version below the one it routes to now.
   *
   * @throws LambdaAliasException if there is no earlier published version, or Lambda refuses
   */
  public AliasMove rollbackToPrevious(String function, String alias, String by, String reason) {
    String current = getAlias(function, alias).functionVersion();
    if (!current.matches("[0-9]+")) {
      throw new LambdaAliasException("alias " + alias + " of " + function + " routes to " + current
          + ", not a published version: name the version to roll back to", 0, null);
    }
    long now = Long.parseLong(current);
    long previous = -1;
    try {
      for (FunctionConfiguration c : lambda.listVersionsByFunctionPaginator(b -> b.functionName(function)).versions()) {
        if (c.version().matches("[0-9]+")) {
          long v = Long.parseLong(c.version());
          if (v < now && v > previous) {
            previous = v;
          }
        }
      }
    } catch (SdkException e) {
      throw translate("ListVersionsByFunction", function, e);
    }
    if (previous < 0) {
      throw new LambdaAliasException("alias " + alias + " of " + function + " routes to version " + current
          + " and no earlier version is published: nothing to roll back to", 0, null);
    }
    return rollbackTo(function, alias, String.valueOf(previous), by, reason);
  }

  /**
   * Returns every recorded move of {@code alias} of {@code function}, oldest first.
   *
   * @throws ManifestSourceException if S3 cannot be reached
   */
  public List<AliasMove> history(String function, String alias) {
    List<AliasMove> out = new ArrayList<>();
    for (S3RecordLog.Entry e : log(function, alias).entries()) {
      out.add(parse(e));
    }
    return out;
  }

  /** Returns the version {@code alias} of {@code function} routes to now. */
  public String currentVersion(String function, String alias) {
    return getAlias(function, alias).functionVersion();
  }

  private @Nullable AliasMove lastPinOf(String function, String alias, String version) {
    AliasMove found = null;
    for (AliasMove m : history(function, alias)) {
      if (m.toVersion().equals(version) && m.manifest() != null) {
        found = m;
      }
    }
    return found;
  }

  private AliasMove record(AliasMove move) {
    S3RecordLog log = log(move.function(), move.alias());
    log.append(toJson(move), log.latest());
    return move;
  }

  private S3RecordLog log(String function, String alias) {
    return S3RecordLog.of(s3, historyLocation(function, alias), null);
  }

  private GetAliasResponse getAlias(String function, String alias) {
    try {
      return lambda.getAlias(b -> b.functionName(function).name(alias));
    } catch (SdkException e) {
      throw translate("GetAlias", function + ":" + alias, e);
    }
  }

  private void configuration(String function, String version) {
    try {
      lambda.getFunctionConfiguration(b -> b.functionName(function).qualifier(version));
    } catch (SdkException e) {
      throw translate("GetFunctionConfiguration", function + ":" + version, e);
    }
  }

  private void update(GetAliasResponse current, String function, String alias, String version, String description) {
    String text = description.length() > MAX_DESCRIPTION ? description.substring(0, MAX_DESCRIPTION) : description;
    try {
      lambda.updateAlias(b -> b.functionName(function).name(alias).functionVersion(version).description(text)
          .revisionId(current.revisionId()));
    } catch (SdkException e) {
      throw translate("UpdateAlias", function + ":" + alias + " -> " + version, e);
    }
  }

  private static LambdaAliasException translate(String operation, String what, SdkException e) {
    int status = e instanceof AwsServiceException ? ((AwsServiceException) e).statusCode() : 0;
    String code = e instanceof AwsServiceException && ((AwsServiceException) e).awsErrorDetails() != null
        ? ((AwsServiceException) e).awsErrorDetails().errorCode() : e.getClass().getSimpleName();
    String hint = status == 412 ? " (the alias changed since it was read: read it again)" : "";
    return new LambdaAliasException("Lambda " + operation + " of " + what + " failed: " + code
        + (status > 0 ? " (HTTP " + status + ")" : "") + hint + ": " + e.getMessage(), status, e);
  }

  private static String checkName(String name, String field) {
    Objects.requireNonNull(name, field);
    if (!name.matches("[a-zA-Z0-9_-]{1,128}")) {
      throw new IllegalArgumentException(field + " must be 1-128 letters, digits, '-' or '_', was '" + name + "'");
    }
    return name;
  }

  private static byte[] toJson(AliasMove m) {
    ObjectNode n = JSON.createObjectNode();
    n.put("kind", m.kind());
    n.put("function", m.function());
    n.put("alias", m.alias());
    n.put("fromVersion", m.fromVersion());
    n.put("toVersion", m.toVersion());
    n.put("manifest", m.manifest());
    n.put("digest", m.digest());
    n.put("by", m.by());
    n.put("at", m.at().toString());
    n.put("reason", m.reason());
    try {
      return JSON.writeValueAsBytes(n);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write alias record", e);
    }
  }

  private static AliasMove parse(S3RecordLog.Entry e) {
    try {
      JsonNode n = JSON.readTree(e.bytes());
      return new AliasMove(n.path("kind").asText(), n.path("function").asText(), n.path("alias").asText(),
          n.path("fromVersion").asText(), n.path("toVersion").asText(), text(n, "manifest"), text(n, "digest"),
          n.path("by").asText(), Instant.parse(n.path("at").asText()), n.path("reason").asText());
    } catch (IOException | RuntimeException ex) {
      throw new ManifestSourceException("alias record " + e.version() + " is unreadable: " + ex.getMessage(), false, ex);
    }
  }

  private static @Nullable String text(JsonNode n, String field) {
    return n.path(field).isTextual() ? n.path(field).asText() : null;
  }

  @Override
  public String toString() {
    return "LambdaAliases{" + manifest + "}";
  }

  /** A builder of {@link LambdaAliases}; not thread-safe. */
  public static final class Builder {
    private @Nullable LambdaClient lambda;
    private @Nullable S3Client s3;
    private @Nullable S3Location manifest;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** Sets the Lambda client. */
    public Builder lambdaClient(LambdaClient client) {
      this.lambda = Objects.requireNonNull(client, "client");
      return this;
    }

    /** Sets the S3 client of the history. */
    public Builder s3Client(S3Client client) {
      this.s3 = Objects.requireNonNull(client, "client");
      return this;
    }

    /** Sets the manifest key the aliases serve; the history is kept beside it (a version id is ignored). */
    public Builder manifest(S3Location manifest) {
      this.manifest = Objects.requireNonNull(manifest, "manifest");
      return this;
    }

    /** Sets the clock that dates moves. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Returns the aliases. */
    public LambdaAliases build() {
      return new LambdaAliases(this);
    }
  }
}
