#!/usr/bin/env bash
# The test command: builds the solution once, then runs the whole test suite under every SIMD tier leg.
# The legs come from the library (SimdLeg.All, printed by `simdbp info --legs`): each sets one runtime
# switch and SIMDBACKPROP_EXPECTED_TIER, and TierTests asserts the runtime really runs that tier, so a
# switch the runtime ignores fails loudly instead of silently re-testing 512-bit code.
# Within each leg the GEMM, dense-layer and network tests run again under the Zen 3 and Zen 5 cache
# profiles (SIMDBACKPROP_CACHES), so the block sizes derived for either processor are correct on every tier.
# Ends with one line: "N passed, N failed, N skipped" summed over all runs. Exit code non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."

if ! dotnet build SimdBackprop.sln -c Release -nologo -v q; then
  echo "build failed"
  echo "0 passed, 1 failed, 0 skipped"
  exit 1
fi

if ! legs=$(dotnet src/SimdBackprop.Cli/bin/Release/net10.0/simdbp.dll info --legs) || [[ -z "$legs" ]]; then
  echo "simdbp info --legs failed"
  echo "0 passed, 1 failed, 0 skipped"
  exit 1
fi

profile_filter="FullyQualifiedName~Gemm|FullyQualifiedName~Dense|FullyQualifiedName~Network"
total_passed=0; total_failed=0; total_skipped=0; status=0

# run NAME ENV... -- DOTNET_TEST_ARGS...: one dotnet test run, its counts added to the totals.
run() {
  local name=$1; shift
  local envs=()
  while [[ $1 != "--" ]]; do envs+=("$1"); shift; done
  shift
  local log; log=$(mktemp)
  env "${envs[@]}" dotnet test tests/SimdBackprop.Tests/SimdBackprop.Tests.csproj -c Release --no-build -nologo "$@" 2>&1 | tee "$log" \
    | grep -E -A4 "^(Passed|Failed)!|^\s+Failed |error|Error Message" | grep -v "^--$" | head -60
  local line; line=$(grep -E "(Passed|Failed)! +- +Failed:" "$log" | tail -1)
  if [[ -z "$line" ]]; then
    echo "$name: the test run printed no summary"; tail -20 "$log"
    total_failed=$((total_failed + 1)); status=1; rm -f "$log"; return
  fi
  local f p s
  f=$(sed -E 's/.*Failed: +([0-9]+).*/\1/' <<<"$line")
  p=$(sed -E 's/.*Passed: +([0-9]+).*/\1/' <<<"$line")
  s=$(sed -E 's/.*Skipped: +([0-9]+).*/\1/' <<<"$line")
  echo "$name: $p passed, $f failed, $s skipped"
  total_passed=$((total_passed + p)); total_failed=$((total_failed + f)); total_skipped=$((total_skipped + s))
  [[ "$f" != "0" ]] && status=1
  rm -f "$log"
}

while IFS='|' read -r id name assignment tier; do
  [[ -z "$id" ]] && continue
  switch=()
  [[ -n "$assignment" ]] && switch=("$assignment")
  echo "=== leg $id: $name (${assignment:-no switch}) expects $tier"
  run "leg $id" "${switch[@]}" SIMDBACKPROP_EXPECTED_TIER="$tier" -- "$@"
  for profile in zen3 zen5; do
    run "leg $id, $profile caches" "${switch[@]}" SIMDBACKPROP_EXPECTED_TIER="$tier" SIMDBACKPROP_CACHES="$profile" -- --filter "$profile_filter" "$@"
  done
done <<<"$legs"

echo "$total_passed passed, $total_failed failed, $total_skipped skipped"
exit $status
