/**
 * The Amazon Bedrock backend: {@link dev.mvc.bedrock.BedrockBackend} sends pinned calls
 * through the AWS SDK for Java v2 and guards the wire request against the pin.
 */
@NullMarked
package dev.mvc.bedrock;

import org.jspecify.annotations.NullMarked;
