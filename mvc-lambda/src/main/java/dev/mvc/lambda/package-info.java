/**
 * AWS Lambda support: pinning which function version behind an alias serves which manifest
 * version, rolling the alias back with a recorded history ({@link dev.mvc.lambda.LambdaAliases}),
 * and the function name and version a call ran in ({@link dev.mvc.lambda.LambdaEnvironment},
 * {@link dev.mvc.lambda.LambdaStamp}).
 */
@NullMarked
package dev.mvc.lambda;

import org.jspecify.annotations.NullMarked;
