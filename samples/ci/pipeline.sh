#!/usr/bin/env bash
# A CI/CD pipeline for one model feature, built on the mvc command line:
#
#   build -> validate -> publish -> validate the published version -> smoke test
#     -> approve (smoke test passed)
#     -> reject and roll back to the last known good version (smoke test failed, exit 1)
#
# Usage: samples/ci/pipeline.sh CONFIG_REPO s3://bucket/key
# Environment:
#   MVC               the mvc command (default: bin/mvc of this repository)
#   MVC_ENDPOINT_URL  S3 endpoint override, for example a local S3 emulator
#   SMOKE_TEST        command run against the published version; its URI is in $MANIFEST_URI (default: true)
#   BUILD_ID          recorded as ci/$BUILD_ID with every change in S3
# AWS credentials, region and profile come from the usual AWS environment variables.
set -euo pipefail

repo="${1:?usage: pipeline.sh CONFIG_REPO s3://bucket/key}"
target="${2:?usage: pipeline.sh CONFIG_REPO s3://bucket/key}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
read -r -a mvc <<< "${MVC:-$root/bin/mvc}"
aws=()
if [[ -n "${MVC_ENDPOINT_URL:-}" ]]; then
  aws+=(--endpoint-url "$MVC_ENDPOINT_URL")
fi
by="ci/${BUILD_ID:-local}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "== build"
"${mvc[@]}" build --repo "$repo" -o "$work/manifest.json"

echo "== validate"
"${mvc[@]}" validate "$work/manifest.json"

echo "== publish"
MANIFEST_URI="$("${mvc[@]}" publish "$work/manifest.json" "$target" --by "$by" "${aws[@]}")"
export MANIFEST_URI
echo "$MANIFEST_URI"
"${mvc[@]}" validate "$MANIFEST_URI" "${aws[@]}"

echo "== smoke test"
if eval "${SMOKE_TEST:-true}"; then
  echo "== approve"
  "${mvc[@]}" approve "$MANIFEST_URI" --reason "smoke test passed in $by" --by "$by" "${aws[@]}"
else
  echo "== smoke test failed: reject and roll back"
  "${mvc[@]}" reject "$MANIFEST_URI" --reason "smoke test failed in $by" --by "$by" "${aws[@]}"
  "${mvc[@]}" rollback "$target" --last-known-good --by "$by" "${aws[@]}"
  "${mvc[@]}" history "$target" "${aws[@]}"
  exit 1
fi

echo "== history"
"${mvc[@]}" history "$target" "${aws[@]}"
