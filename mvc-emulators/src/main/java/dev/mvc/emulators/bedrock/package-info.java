/**
 * A Bedrock wire emulator for tests, demos and dry runs: {@link dev.mvc.emulators.bedrock.BedrockEmulator} answers
 * the AWS SDK's Bedrock Runtime and GetFoundationModel calls on loopback with scripted
 * {@link dev.mvc.emulators.bedrock.BedrockReply replies} and keeps a journal of the requests.
 */
@NullMarked
package dev.mvc.emulators.bedrock;

import org.jspecify.annotations.NullMarked;
