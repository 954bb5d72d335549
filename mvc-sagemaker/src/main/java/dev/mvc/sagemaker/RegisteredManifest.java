package dev.mvc.sagemaker;

import dev.mvc.VersionManifest;

/**
 * A manifest resolved from the SageMaker Model Registry, with the package version it came from.
 * The manifest is byte for byte the one registered: its digest equals the package's
 * {@code mvc:manifestDigest}.
 *
 * @param modelPackage the package version
 * @param manifest the manifest stored with it
 */
public record RegisteredManifest(ModelPackageVersion modelPackage, VersionManifest manifest) {}
