package dev.mvc.emulators.awsmodel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * One official AWS service model (botocore's {@code service-2.json}), read from the test
 * resources under {@code aws-models/}: its protocol, operations and shapes.
 */
final class AwsServiceModel {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String name;
  private final JsonNode root;

  private AwsServiceModel(String name, JsonNode root) {
    this.name = name;
    this.root = root;
  }

  /** Loads {@code aws-models/<serviceAndDate>/service-2.json.gz}, for example {@code bedrock-runtime/2023-09-30}. */
  static AwsServiceModel load(String serviceAndDate) {
    String resource = "/aws-models/" + serviceAndDate + "/service-2.json.gz";
    try (InputStream in = AwsServiceModel.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("no service model on the classpath at " + resource);
      }
      return new AwsServiceModel(serviceAndDate, JSON.readTree(new GZIPInputStream(in)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  String name() {
    return name;
  }

  /** Returns {@code rest-json} or {@code json}. */
  String protocol() {
    return root.path("metadata").path("protocol").asText();
  }

  JsonNode operation(String operation) {
    JsonNode op = root.path("operations").get(operation);
    if (op == null) {
      throw new IllegalArgumentException(name + " has no operation " + operation);
    }
    return op;
  }

  JsonNode shape(String shape) {
    JsonNode s = root.path("shapes").get(shape);
    if (s == null) {
      throw new IllegalArgumentException(name + " has no shape " + shape);
    }
    return s;
  }

  /** Returns the names of the error shapes the operation declares. */
  List<String> errors(String operation) {
    List<String> out = new ArrayList<>();
    for (JsonNode e : operation(operation).path("errors")) {
      out.add(e.path("shape").asText());
    }
    return out;
  }

  @Override
  public String toString() {
    return name;
  }
}
