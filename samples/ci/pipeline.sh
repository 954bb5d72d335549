#!/usr/bin/env bash
# A CI/CD pipeline for one model feature, built on the mvc command line:
#
#   build -> validate -> publish -> validate the published version
#     -> evaluate against the golden set (report published beside the manifest) -> smoke test
#     -> approve (evaluation and smoke test passed; approval requires the evaluation report)
#     -> reject and roll back to the last known good version (either failed, exit 1)
#
# Usage: samples/ci/pipeline.sh CONFIG_REPO s3://bucket/key
# Environment:
#   MVC               the mvc command (default: bin/mvc of this repository)
#   MVC_ENDPOINT_URL  S3 endpoint override, for example a local S3 emulator
#   SMOKE_TEST        command run against the published version; its URI is in $MANIFEST_URI (default: true)
#   GOLDEN            golden set (default: CONFIG_REPO/golden/<name>.jsonl, the only .jsonl there)
#   MIN_SCORE         lowest passing evaluation score (default: 0.9)
#   JUDGE_MANIFEST    a grading manifest (template prompts/evaluation-prompt.txt) to add the judge scorer
#   KMS_KEY           KMS key id the evaluation report is encrypted with (default: the bucket's setting)
#   MVC_BEDROCK_ENDPOINT_URL  Bedrock endpoint override, for example the Bedrock emulator
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

echo "== evaluate"
golden="${GOLDEN:-$(ls "$repo"/golden/*.jsonl | head -n 1)}"
evaluation=(eval --golden "$golden" --manifest "$MANIFEST_URI" --scorer contains --scorer regex --scorer number
  --min-score "${MIN_SCORE:-0.9}" --concurrency 4 --out "$work/evaluation-results.json" --publish "$target")
if [[ -n "${JUDGE_MANIFEST:-}" ]]; then
  evaluation+=(--scorer "judge:$JUDGE_MANIFEST")
fi
if [[ -n "${KMS_KEY:-}" ]]; then
  evaluation+=(--kms-key "$KMS_KEY")
fi
if [[ -n "${MVC_BEDROCK_ENDPOINT_URL:-}" ]]; then
  evaluation+=(--bedrock-endpoint-url "$MVC_BEDROCK_ENDPOINT_URL")
fi
evaluated=true
"${mvc[@]}" "${evaluation[@]}" "${aws[@]}" || evaluated=false

echo "== smoke test"
if $evaluated && eval "${SMOKE_TEST:-true}"; then
  echo "== approve"
  "${mvc[@]}" approve "$MANIFEST_URI" --reason "evaluation and smoke test passed in $by" --by "$by" "${aws[@]}"
else
  echo "== evaluation or smoke test failed: reject and roll back"
  "${mvc[@]}" reject "$MANIFEST_URI" --reason "evaluation or smoke test failed in $by" --by "$by" "${aws[@]}"
  "${mvc[@]}" rollback "$target" --last-known-good --by "$by" "${aws[@]}"
  "${mvc[@]}" history "$target" "${aws[@]}"
  exit 1
fi

echo "== history"
"${mvc[@]}" history "$target" "${aws[@]}"
