#!/usr/bin/env bash
# Runs the recipe's walk-through on the emulators (S3Mock, SageMaker, Lambda): no AWS account, no network.
# Needs Java 17, Maven and git. Usage: samples/article/run.sh [LAYOUT_DIR]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
layout="$(cd "${1:-$root/samples/article}" && pwd)"
cd "$root"
mvn -B -q -pl samples/article -am compile exec:java -Dexec.args="$layout"
