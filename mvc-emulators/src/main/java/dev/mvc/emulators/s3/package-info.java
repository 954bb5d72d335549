/**
 * An S3 emulator for tests and local runs: {@link dev.mvc.emulators.s3.S3MockLauncher} runs Adobe S3Mock as a
 * separate Java process on a free loopback port, so tests can talk to a versioned S3 through
 * the real AWS SDK client without Docker and without adding S3Mock's dependencies to the test
 * class path.
 */
@org.jspecify.annotations.NullMarked
package dev.mvc.emulators.s3;
