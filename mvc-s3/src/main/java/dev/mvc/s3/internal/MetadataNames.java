package dev.mvc.s3.internal;

/** The user metadata and tag names mvc writes on S3 objects (without {@code x-amz-meta-}). */
public final class MetadataNames {
  /** The manifest digest, {@code sha256:<hex>}. */
  public static final String DIGEST = "mvc-digest";
  /** The manifest name. */
  public static final String NAME = "mvc-name";
  /** The manifest version. */
  public static final String VERSION = "mvc-version";
  /** The git SHA of the config repository. */
  public static final String GIT_SHA = "mvc-git-sha";
  /** The manifest creation time. */
  public static final String CREATED_AT = "mvc-created-at";
  /** Who published this object version. */
  public static final String PUBLISHED_BY = "mvc-published-by";
  /** A detached signature over the digest. */
  public static final String SIGNATURE = "mvc-signature";
  /** The version id a rollback copied this version from. */
  public static final String RESTORED_FROM = "mvc-restored-from";
  /** Prefix of evaluation metrics: {@code mvc-eval-<metric>}. */
  public static final String EVAL_PREFIX = "mvc-eval-";
  /** Tag: approval status of the version's digest. */
  public static final String TAG_APPROVAL = "mvc-approval";
  /** Tag: the digest the approval tag is about. */
  public static final String TAG_APPROVAL_DIGEST = "mvc-approval-digest";

  private MetadataNames() {}
}
