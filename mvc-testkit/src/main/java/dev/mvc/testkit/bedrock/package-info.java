/**
 * A Bedrock wire emulator for tests: {@link dev.mvc.testkit.bedrock.BedrockEmulator} answers
 * the AWS SDK's Bedrock Runtime and GetFoundationModel calls on loopback with scripted
 * {@link dev.mvc.testkit.bedrock.BedrockReply replies} and keeps a journal of the requests.
 */
@NullMarked
package dev.mvc.testkit.bedrock;

import org.jspecify.annotations.NullMarked;
