#!/usr/bin/env bash
# The house style, checked: every Swift file in git is as `swift format` (shipped with the
# toolchain) leaves it under .swift-format (2 spaces, lines of at most 120). Run by
# scripts/test.sh; `bash scripts/check-format.sh --fix` rewrites the files in place.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = "--fix" ]; then
  git ls-files -z '*.swift' | xargs -0 swift format format --in-place --parallel
fi
if ! git ls-files -z '*.swift' | xargs -0 swift format lint --strict --parallel; then
  echo "swift format lint found the above; 'bash scripts/check-format.sh --fix' fixes most of it"
  exit 1
fi
echo "ok: every Swift file passes swift format lint --strict"
