package dev.mvc.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class S3LocationTest {

  @Test
  void parse_readsBucketKeyAndVersionId() {
    S3Location location = S3Location.parse("s3://models-prod/manifests/support-bot.json?versionId=3HL4kqtJlcpXroDTDmJ");

    assertThat(location.bucket()).isEqualTo("models-prod");
    assertThat(location.key()).isEqualTo("manifests/support-bot.json");
    assertThat(location.versionId()).isEqualTo("3HL4kqtJlcpXroDTDmJ");
    assertThat(location.isPinned()).isTrue();
  }

  @Test
  void parse_withoutVersionId_namesTheCurrentVersion() {
    S3Location location = S3Location.parse("s3://models-prod/a/b.json");

    assertThat(location.versionId()).isNull();
    assertThat(location.isPinned()).isFalse();
    assertThat(location.withVersionId("v1").toString()).isEqualTo("s3://models-prod/a/b.json?versionId=v1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a/b.json", "with space/x y.json", "percent%/q?.json", "uni/ü✓/😀.json", "a#b&c"})
  void toString_andParse_roundTripAnyKey(String key) {
    S3Location location = S3Location.of("bucket-1", key, "v+/=1");

    assertThat(S3Location.parse(location.toString())).isEqualTo(location);
    assertThat(S3Location.parse(location.toUri())).isEqualTo(location);
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://b/k", "s3://bucket", "s3://bucket/", "s3:///key", "s3://Bucket/k", "s3://bucket/k?foo=1", "s3://bucket/k%zz"})
  void parse_rejectsWhatIsNotAnS3ObjectUri(String uri) {
    assertThatThrownBy(() -> S3Location.parse(uri))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(uri.equals("s3://Bucket/k") ? "Bucket" : uri);
  }

  @Test
  void resolveKey_keepsTheBucketAndDropsTheVersion() {
    S3Location location = S3Location.of("bucket-1", "manifests/a.json", "v1");

    assertThat(location.resolveKey("blobs/sha256/ab")).isEqualTo(S3Location.of("bucket-1", "blobs/sha256/ab"));
    assertThat(location.withoutVersionId()).isEqualTo(S3Location.of("bucket-1", "manifests/a.json"));
  }
}
