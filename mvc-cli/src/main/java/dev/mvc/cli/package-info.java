/**
 * The {@code mvc} command line for CI/CD pipelines and operators: build manifests from a config
 * repository, validate, inspect, compare and explain them, and replay the request a stamp stands
 * for. {@link dev.mvc.cli.MvcCli} is the entry point; {@link dev.mvc.cli.ExitCode} lists the
 * documented exit codes.
 */
@NullMarked
package dev.mvc.cli;

import org.jspecify.annotations.NullMarked;
