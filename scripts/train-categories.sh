#!/usr/bin/env bash
# Retrains the built-in category and complaint models (Sources/HarkAssessment/Builtin/
# CategoryModel+Trained.swift, ComplaintModel+Trained.swift) from the project's own labelled fixtures,
# printing 5-fold cross-validated category accuracy and complaint F1 first.
# Kept out of training on purpose, so they measure how the assessor does on text it never saw:
# Tests/HarkTests/Fixtures/assessment/unseen.jsonl and ../shared/data/mentions-dev.jsonl.
# usage: scripts/train-categories.sh   (builds the debug hark binary if needed)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
swift build --product hark >/dev/null
FIXTURES=Tests/HarkTests/Fixtures/assessment
exec "$(swift build --show-bin-path)/hark" train-categories --folds 5 \
  --output Sources/HarkAssessment/Builtin/CategoryModel+Trained.swift \
  --complaint-output Sources/HarkAssessment/Builtin/ComplaintModel+Trained.swift \
  "$FIXTURES/mentions.jsonl" "$FIXTURES/heldout.jsonl" "$FIXTURES/validation.jsonl" "$FIXTURES/test.jsonl" \
  "$FIXTURES"/sectors-[a-l].jsonl
