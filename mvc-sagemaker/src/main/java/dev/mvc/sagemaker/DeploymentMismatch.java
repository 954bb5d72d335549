package dev.mvc.sagemaker;

/**
 * One field where a running SageMaker endpoint differs from the manifest. Environment values
 * are shown as a short SHA-256 prefix, never in clear, because they may hold secrets.
 *
 * @param field the manifest field, such as {@code model.sagemaker.image.digest}
 * @param variant the production variant it was found on ({@code *} for the endpoint itself)
 * @param expected what the manifest pins
 * @param actual what the endpoint runs
 */
public record DeploymentMismatch(String field, String variant, String expected, String actual) {
  @Override
  public String toString() {
    return field + " on variant " + variant + ": manifest pins " + expected + " but the endpoint runs " + actual;
  }
}
