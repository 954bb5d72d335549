/**
 * Manifests kept in Amazon S3 with object versioning: load an exact version
 * ({@link dev.mvc.s3.S3ManifestSource}), publish new ones ({@link dev.mvc.s3.ManifestPublisher}),
 * list and restore earlier ones ({@link dev.mvc.s3.ManifestRepository}), record approvals
 * ({@link dev.mvc.s3.S3ApprovalRegistry}), keep prompt blobs by their SHA-256
 * ({@link dev.mvc.s3.S3ContentStore}) and upload model artifacts
 * ({@link dev.mvc.s3.ArtifactUploader}).
 *
 * <p>Every type here takes an {@code S3Client} that the application builds and owns; none
 * closes it.
 */
@org.jspecify.annotations.NullMarked
package dev.mvc.s3;
