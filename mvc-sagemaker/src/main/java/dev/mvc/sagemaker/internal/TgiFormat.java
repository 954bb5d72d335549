package dev.mvc.sagemaker.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mvc.InferenceParameters;
import dev.mvc.SageMakerTarget;
import dev.mvc.TokenUsage;
import dev.mvc.spi.ResolvedCall;
import java.util.Set;

/**
 * Hugging Face Text Generation Inference: {@code {"inputs": .., "parameters": {temperature,
 * max_new_tokens, top_p, stop, details}}} answered by {@code [{"generated_text": ..}]} (or a
 * single object). A pinned temperature of 0 is sent as {@code do_sample: false} and a top-p of 1
 * is left out, the forms TGI accepts for the same meaning.
 */
final class TgiFormat extends PayloadFormat {
  static final TgiFormat INSTANCE = new TgiFormat();
  private static final Set<String> RESERVED = Set.of("temperature", "max_new_tokens", "top_p", "stop",
      "details", "return_full_text", "do_sample");

  @Override
  public void validate(SageMakerTarget target, InferenceParameters parameters) {
    noCollisions("tgi", parameters.additionalModelFields(), RESERVED, "parameters");
  }

  @Override
  public @org.jspecify.annotations.Nullable StreamDecoder streamDecoder() {
    return StreamDecoder.tgi();
  }

  @Override
  public byte[] request(ResolvedCall call) {
    return bytes(body(call, false));
  }

  @Override
  public byte[] streamRequest(ResolvedCall call) {
    return bytes(body(call, true));
  }

  private ObjectNode body(ResolvedCall call, boolean stream) {
    ObjectNode body = JSON.createObjectNode();
    body.put("inputs", singlePrompt(call, "tgi", true));
    ObjectNode params = body.putObject("parameters");
    params.setAll((ObjectNode) JSON.valueToTree(call.parameters().additionalModelFields()));
    putParameters(params, call.parameters(), "max_new_tokens");
    // TGI rejects temperature 0 and top_p 1; both mean "no sampling change", which TGI spells
    // as do_sample false and an absent top_p.
    Double temperature = call.parameters().temperature();
    if (temperature != null && temperature == 0.0) {
      params.remove("temperature");
      params.put("do_sample", false);
    }
    Double topP = call.parameters().topP();
    if (topP != null && topP == 1.0) {
      params.remove("top_p");
    }
    params.put("details", true);
    params.put("return_full_text", false);
    if (stream) {
      body.put("stream", true);
    }
    return body;
  }

  @Override
  public Parsed response(byte[] body, String endpoint) {
    JsonNode root = parse(body, endpoint, "tgi");
    JsonNode first = root.isArray() ? root.path(0) : root;
    JsonNode text = first.path("generated_text");
    if (!text.isTextual()) {
      throw invalid(endpoint, "tgi", "has no generated_text");
    }
    JsonNode details = first.path("details");
    String stop = details.path("finish_reason").isTextual() ? details.get("finish_reason").asText() : null;
    int generated = details.path("generated_tokens").asInt(0);
    TokenUsage usage = generated > 0 ? TokenUsage.of(0, generated) : TokenUsage.UNKNOWN;
    return new Parsed(text.asText(), stop, usage);
  }
}
