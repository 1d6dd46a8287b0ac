#!/usr/bin/env bash
# Runs one fuzz target (or all) for SECONDS, its corpus seeded from the project's fixtures.
# Usage: fuzz/run.sh TARGET|all [SECONDS]
set -euo pipefail
cd "$(dirname "$0")"
target=${1:?usage: run.sh TARGET|all [SECONDS]}
seconds=${2:-60}
fixtures=../tests/fixtures

seeds() {
  case $1 in
    cfn_properties) echo "$fixtures/connectors/cfn $fixtures/rules $fixtures/documented $fixtures/hostile" ;;
    create_request|update_request) echo "$fixtures/connectors/api $fixtures/rules $fixtures/documented $fixtures/hostile" ;;
    responses) echo "$fixtures/hostile $fixtures/connectors/api" ;;
    template) echo "$fixtures/hostile ../cli/tests/fixtures" ;;
    terraform) echo "../cli/tests/fixtures/terraform" ;;
    *) echo "unknown target $1" >&2; exit 2 ;;
  esac
}

# The template target mutates with the template grammar's words (template.dict).
dict() {
  if [ "$1" = template ]; then echo "-dict=template.dict"; fi
}

run() {
  mkdir -p "corpus/$1"
  # shellcheck disable=SC2046
  cargo +nightly fuzz run -O "$1" "corpus/$1" $(seeds "$1") -- \
    -max_total_time="$seconds" -timeout=30 -rss_limit_mb=1024 -max_len=65536 $(dict "$1")
}

if [ "$target" = all ]; then
  for t in cfn_properties create_request update_request responses template terraform; do run "$t"; done
else
  run "$target"
fi
