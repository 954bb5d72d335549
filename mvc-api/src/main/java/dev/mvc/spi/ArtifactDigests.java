package dev.mvc.spi;

/**
 * A reader of the SHA-256 of model artifacts in a store, for the load-time checks that compare
 * an artifact a manifest pins by SHA-256 with the one the store holds (such as the model data of a
 * Bedrock imported model, {@code model.bedrock.importedModel.sha256}). mvc-s3's
 * {@code S3ArtifactDigests} reads {@code s3://} URIs.
 *
 * <p>What the SHA-256 of a URI covers: for an object, its bytes; for a prefix (a URI that ends in
 * {@code /}, as Bedrock Custom Model Import takes), the UTF-8 text with one line
 * {@code <hex SHA-256>  <key relative to the prefix>\n} per object under the prefix, in byte order
 * of the keys, which is what {@code sha256sum} prints for the files of the model directory sorted
 * with {@code LC_ALL=C sort}. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface ArtifactDigests {

  /**
   * Returns the lowercase hex SHA-256 of the artifact at {@code uri}.
   *
   * @throws dev.mvc.MvcException when it cannot be determined (the store cannot be reached, the
   *     artifact does not exist, or an object carries no SHA-256 the implementation can trust),
   *     naming the URI or the object
   */
  String sha256(String uri);
}
