#!/usr/bin/env bash
# Publishes simdbp with NativeAOT and checks that the binary runs the processor's widest SIMD tier.
#
#   perf/aot.sh [--isa native|x86-64-v3|x86-64-v4] [--out DIR] [--measure]
#
# NativeAOT compiles every Vector512/Vector256 branch for one instruction set fixed at publish time: with the
# compiler's default (x86-64-v2) the binary would silently run the 128-bit kernels. The CLI project sets
# IlcInstructionSet=native, so the binary targets the machine that builds it (and refuses to start, with a
# message, on one lacking those instructions); --isa x86-64-v3 builds one binary for every AVX2+FMA server
# (the 256-bit tier), x86-64-v4 for AVX-512 ones.
# The check: with --isa native the binary's tier must equal the JIT build's hardware tier (`simdbp info
# --tier-only`); with another --isa it must be the tier that instruction set implies.
# --measure adds the binary's size and the start-up of `simdbp predict` (10 rows of the digits model) against
# the JIT build: median wall time of 21 runs each, cold process every run.
# Needs clang and zlib1g-dev (apt-get install clang zlib1g-dev).
set -euo pipefail
cd "$(dirname "$0")/.."

isa=native; out=artifacts/aot; measure=0
while [[ $# -gt 0 ]]; do
  case $1 in
    --isa) isa=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --measure) measure=1; shift ;;
    *) echo "perf/aot.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done

start=$(date +%s)
dotnet publish src/SimdBackprop.Cli -c Release -r linux-x64 -nologo -v q -p:PublishAot=true -p:IlcInstructionSet="$isa" -o "$out" >/dev/null
echo "published $out/simdbp (IlcInstructionSet=$isa) in $(( $(date +%s) - start )) s"

dotnet build src/SimdBackprop.Cli -c Release -nologo -v q >/dev/null
jit=(dotnet src/SimdBackprop.Cli/bin/Release/net10.0/simdbp.dll)
aot_tier=$("$out/simdbp" info --tier-only)
case $isa in
  native) expected=$("${jit[@]}" info --tier-only) ;;
  x86-64-v3) expected=Vector256 ;;
  x86-64-v4) expected=Vector512 ;;
  *) expected=$aot_tier ;;
esac
echo "AOT binary runs tier $aot_tier; expected $expected"
if [[ $aot_tier != "$expected" ]]; then
  echo "FAILED: the AOT binary does not run the widest tier"
  exit 1
fi

if [[ $measure == 1 ]]; then
  work=$(mktemp -d)
  "${jit[@]}" train --epochs 5 --model-out "$work/digits.safetensors" --plot "$work/loss.svg" >/dev/null
  python3 -c "import random; random.seed(1); print('\n'.join(','.join(str(random.randint(0, 16)) for _ in range(64)) for _ in range(10)))" > "$work/x.csv"
  median_ms() {
    local times=()
    for _ in $(seq 21); do
      local t0; t0=$(date +%s%N)
      "$@" > /dev/null
      times+=($(( ($(date +%s%N) - t0) / 1000 )))
    done
    printf '%s\n' "${times[@]}" | sort -n | sed -n 11p | awk '{ printf "%.1f", $1 / 1000 }'
  }
  predict=(predict --model "$work/digits.safetensors" --input "$work/x.csv")
  echo "size: $(du -b "$out/simdbp" | cut -f1) bytes ($(du -h "$out/simdbp" | cut -f1))"
  echo "simdbp predict, 10 rows, median of 21 cold starts: AOT $(median_ms "$out/simdbp" "${predict[@]}") ms, JIT $(median_ms "${jit[@]}" "${predict[@]}") ms"
  echo "simdbp info --tier-only, median of 21 cold starts: AOT $(median_ms "$out/simdbp" info --tier-only) ms, JIT $(median_ms "${jit[@]}" info --tier-only) ms"
  rm -rf "$work"
fi
