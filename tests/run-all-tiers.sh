#!/usr/bin/env bash
# The test command: builds the solution once, then runs the whole test suite under every SIMD tier leg
# of shared/DESIGN.md. Each leg sets SIMDBACKPROP_EXPECTED_TIER, and TierTests asserts the runtime really
# runs that tier, so a switch the runtime ignores fails loudly instead of silently re-testing 512-bit code.
# Ends with one line: "N passed, N failed, N skipped" summed over the legs. Exit code non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."

if ! dotnet build SimdBackprop.sln -c Release -nologo -v q; then
  echo "build failed"
  echo "0 passed, 1 failed, 0 skipped"
  exit 1
fi

# leg name | environment | expected tier
legs=(
  "default||Vector512"
  "avx512-at-256|DOTNET_PreferredVectorBitWidth=256|Vector256"
  "avx2-machine|DOTNET_EnableAVX512=0|Vector256"
  "sse-machine|DOTNET_EnableAVX2=0|Vector128"
  "no-simd|DOTNET_EnableHWIntrinsic=0|Scalar"
)

# A machine without AVX-512 cannot run the 512-bit leg; expect what it really has on the default leg.
if ! grep -q -w avx512f /proc/cpuinfo 2>/dev/null; then
  legs[0]="default||Vector256"
fi

total_passed=0; total_failed=0; total_skipped=0; status=0
for leg in "${legs[@]}"; do
  IFS='|' read -r name envs tier <<<"$leg"
  echo "=== leg $name (${envs:-no switches}) expects $tier"
  log=$(mktemp)
  # shellcheck disable=SC2086
  env ${envs} SIMDBACKPROP_EXPECTED_TIER="$tier" \
    dotnet test tests/SimdBackprop.Tests/SimdBackprop.Tests.csproj -c Release --no-build -nologo "$@" 2>&1 | tee "$log" \
    | grep -E "^(Passed|Failed)!|^\s+Failed |error|Error Message" | head -40
  line=$(grep -E "(Passed|Failed)! +- +Failed:" "$log" | tail -1)
  if [[ -z "$line" ]]; then
    echo "leg $name: the test run printed no summary"; tail -20 "$log"
    total_failed=$((total_failed + 1)); status=1; rm -f "$log"; continue
  fi
  f=$(sed -E 's/.*Failed: +([0-9]+).*/\1/' <<<"$line")
  p=$(sed -E 's/.*Passed: +([0-9]+).*/\1/' <<<"$line")
  s=$(sed -E 's/.*Skipped: +([0-9]+).*/\1/' <<<"$line")
  echo "leg $name: $p passed, $f failed, $s skipped"
  total_passed=$((total_passed + p)); total_failed=$((total_failed + f)); total_skipped=$((total_skipped + s))
  [[ "$f" != "0" ]] && status=1
  rm -f "$log"
done

echo "$total_passed passed, $total_failed failed, $total_skipped skipped"
exit $status
