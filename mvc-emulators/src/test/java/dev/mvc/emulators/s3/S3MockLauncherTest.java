package dev.mvc.emulators.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class S3MockLauncherTest {

  @TempDir Path dir;

  @Test
  void builder_rejectsAKmsKeyThatIsNotAnArn() throws Exception {
    assertThatThrownBy(() -> S3MockLauncher.builder().validKmsKeyArn("bare-key-id"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("validKmsKeyArn")
        .hasMessageContaining("bare-key-id");
  }

  @Test
  void builder_rejectsANonPositiveStartupTimeout() {
    assertThatThrownBy(() -> S3MockLauncher.builder().startupTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("startupTimeout must be positive, was PT0S");
  }

  @Test
  void builder_rejectsAJarThatDoesNotExist() {
    Path missing = dir.resolve("missing.jar");

    assertThatThrownBy(() -> S3MockLauncher.builder().jar(missing))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(missing.toString());
  }

  @Test
  void endpoint_beforeStart_isAnError() throws Exception {
    Path jar = Files.createFile(dir.resolve("s3mock.jar"));
    S3MockLauncher launcher =
        S3MockLauncher.builder().jar(jar).validKmsKeyArn(S3MockLauncher.DEFAULT_KMS_KEY_ARN).build();

    assertThat(launcher.isRunning()).isFalse();
    assertThat(launcher.validKmsKeyArns()).containsExactly(S3MockLauncher.DEFAULT_KMS_KEY_ARN);
    assertThatThrownBy(launcher::endpoint).isInstanceOf(IllegalStateException.class).hasMessageContaining("start()");
  }

  @Test
  void start_withAJarThatIsNotS3Mock_failsWithTheEndOfItsLog() throws Exception {
    Path jar = Files.write(dir.resolve("not-s3mock.jar"), new byte[] {1, 2, 3});
    S3MockLauncher launcher = S3MockLauncher.builder().jar(jar).startupTimeout(Duration.ofSeconds(20)).build();

    assertThatThrownBy(launcher::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("S3Mock exited with status")
        .hasMessageContaining("end of its log");
    assertThat(launcher.isRunning()).isFalse();
  }

  @Test
  void defaultKmsKeyId_isTheLastPartOfTheDefaultArn() {
    assertThat(S3MockLauncher.DEFAULT_KMS_KEY_ARN).endsWith(":key/" + S3MockLauncher.DEFAULT_KMS_KEY_ID);
  }
}
