#!/usr/bin/env bash
# Runs the recipe's walk-through on the emulators (S3Mock, SageMaker, Lambda): no AWS account, no network.
# Needs Java 17, Maven and git. Usage: samples/article/run.sh [LAYOUT_DIR] (default: this directory)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
layout="$(cd "${1:-$here}" && pwd)"
# Compiles the module and what it needs, and writes its class path (reactor modules as target/classes).
# exec:java is not used: with -am it would also start the main class of mvc-cli.
mvn -B -q -f "$root/pom.xml" -pl samples/article -am compile dependency:build-classpath \
  -Dmdep.outputFile=target/classpath.txt ${MVN_ARGS:-}
exec java -Dmvc.s3mock.jar="$here/target/s3mock/s3mock-exec.jar" \
  -cp "$here/target/classes:$(cat "$here/target/classpath.txt")" \
  dev.mvc.samples.article.ArticleWalkthrough "$layout"
