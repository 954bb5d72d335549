package dev.mvc.emulators.awsmodel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mvc.emulators.lambda.LambdaEmulator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every answer of the Lambda emulator, through pinning, rolling back and each error it sends,
 * read off the wire and checked against the official AWS Lambda service model.
 */
class LambdaEmulatorMatchesTheServiceModelsTest {

  private static final WireShapeValidator LAMBDA = new WireShapeValidator(AwsServiceModel.load("lambda/2015-03-31"));
  private static final String FN = "/2015-03-31/functions/";

  private static LambdaEmulator lambda;
  private static RawHttp http;

  @BeforeAll
  static void start() {
    lambda = LambdaEmulator.create().start();
    http = new RawHttp(lambda.endpoint());
  }

  @AfterAll
  static void stop() {
    lambda.close();
  }

  @BeforeEach
  void reset() {
    lambda.reset();
  }

  @Test
  void everyAnswer_throughPinRollbackAndTheirErrors_isOneTheLambdaModelAllows() {
    lambda.function("support-answer");
    for (int i = 1; i <= 3; i++) {
      lambda.publishVersion("support-answer", "manifest " + i + ".0.0");
    }
    lambda.alias("support-answer", "live", "3");
    List<String> violations = new ArrayList<>();
    String arn = "arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Asupport-answer";
    int checked = 0;
    for (String[] call : new String[][] {
        {"GetAlias", "GET", FN + "support-answer/aliases/live", ""},
        {"GetAlias", "GET", FN + arn + "/aliases/live", ""},
        {"UpdateAlias", "PUT", FN + "support-answer/aliases/live", "{\"FunctionVersion\":\"2\",\"Description\":\"mvc rollback\"}"},
        {"UpdateAlias", "PUT", FN + "support-answer/aliases/live",
            "{\"FunctionVersion\":\"3\",\"RoutingConfig\":{\"AdditionalVersionWeights\":{\"2\":0.1}}}"},
        {"ListVersionsByFunction", "GET", FN + "support-answer/versions", ""},
        {"ListVersionsByFunction", "GET", FN + "support-answer/versions?MaxItems=2", ""},
        {"ListVersionsByFunction", "GET", FN + "support-answer/versions?Marker=2&MaxItems=2", ""},
        {"GetFunctionConfiguration", "GET", FN + "support-answer/configuration", ""},
        {"GetFunctionConfiguration", "GET", FN + "support-answer/configuration?Qualifier=2", ""},
        {"GetFunctionConfiguration", "GET", FN + "support-answer/configuration?Qualifier=live", ""},
        {"GetFunctionConfiguration", "GET", FN + "support-answer%3A1/configuration", ""},
        // errors
        {"GetAlias", "GET", FN + "missing/aliases/live", ""},
        {"GetAlias", "GET", FN + "support-answer/aliases/missing", ""},
        {"UpdateAlias", "PUT", FN + "support-answer/aliases/live", "{\"FunctionVersion\":\"9\"}"},
        {"UpdateAlias", "PUT", FN + "support-answer/aliases/live", "{\"FunctionVersion\":\"1\",\"RevisionId\":\"stale\"}"},
        {"UpdateAlias", "PUT", FN + "support-answer/aliases/live", "{\"Description\":\"" + "x".repeat(257) + "\"}"},
        {"ListVersionsByFunction", "GET", FN + "missing/versions", ""},
        {"ListVersionsByFunction", "GET", FN + "support-answer/versions?MaxItems=0", ""},
        {"GetFunctionConfiguration", "GET", FN + "support-answer/configuration?Qualifier=7", ""}}) {
      WireResponse response = call(call[1], call[2], call[3]);
      LAMBDA.validate(call[0], response).forEach(v -> violations.add(v + "   <- " + call[1] + " " + call[2]));
      checked++;
    }
    lambda.failNext("UpdateAlias", 429, "TooManyRequestsException", "Rate exceeded");
    LAMBDA.validate("UpdateAlias", call("PUT", FN + "support-answer/aliases/live", "{\"FunctionVersion\":\"1\"}"))
        .forEach(violations::add);
    lambda.failNext("GetAlias", 500, "ServiceException", "internal error");
    LAMBDA.validate("GetAlias", call("GET", FN + "support-answer/aliases/live", "")).forEach(violations::add);

    assertThat(checked).isEqualTo(19);
    assertThat(violations).as("answers that differ from the service model").isEmpty();
  }

  @Test
  void errors_carryTheStatusTheModelGivesEachErrorType() {
    lambda.function("f");
    lambda.publishVersion("f", "");
    lambda.alias("f", "live", "1");

    assertThat(call("GET", FN + "missing/aliases/live", "").status()).isEqualTo(404);
    assertThat(call("GET", FN + "f/aliases/nope", "").header("x-amzn-ErrorType")).isEqualTo("ResourceNotFoundException");
    assertThat(call("PUT", FN + "f/aliases/live", "{\"RevisionId\":\"stale\"}").status()).isEqualTo(412);
    assertThat(call("GET", FN + "f/versions?MaxItems=0", "").status()).isEqualTo(400);
  }

  private static WireResponse call(String method, String path, String body) {
    return method.equals("PUT") ? http.put(path, body) : http.get(path);
  }
}
