#!/usr/bin/env bash
# Loads `simdbp serve` with wrk on loopback and prints one Markdown table: requests/s, p50 and p99 latency and
# non-2xx responses, at 1, 16 and 64 connections, for the built-in digits model (64-64-10, trained here for a
# few epochs) and a 784-256-128-10 network, one row per request, binary (float32) and JSON bodies; then 16
# connections for 10 s while the model file is replaced (written beside it, renamed over it) every 200 ms,
# which must give zero non-2xx responses.
#
#   perf/serve-load.sh [--server jit|aot] [--duration SECONDS]
#
# wrk runs one thread (-t1) so that on a 2-core machine the server keeps one core to itself; the figures are
# for that split. --server aot loads the NativeAOT binary published by perf/aot.sh (artifacts/aot/simdbp).
# Needs wrk (apt-get install wrk). Run `lscpu` and name the CPU with the figures.
set -euo pipefail
cd "$(dirname "$0")/.."

server=jit; duration=5
while [[ $# -gt 0 ]]; do
  case $1 in
    --server) server=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    *) echo "perf/serve-load.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done

dotnet build src/SimdBackprop.Cli -c Release -nologo -v q >/dev/null
jit=(dotnet src/SimdBackprop.Cli/bin/Release/net10.0/simdbp.dll)
case $server in
  jit) simdbp=("${jit[@]}") ;;
  aot) simdbp=(artifacts/aot/simdbp) ;;
  *) echo "--server is jit or aot" >&2; exit 2 ;;
esac

work=$(mktemp -d)
pid=""
trap '[[ -n $pid ]] && kill $pid 2>/dev/null; rm -rf "$work"' EXIT

# The two models and one-row request bodies for each.
"${jit[@]}" train --epochs 5 --model-out "$work/digits.safetensors" --plot "$work/loss.svg" >/dev/null
python3 - "$work" <<'PY'
import json, random, struct, sys
work = sys.argv[1]
random.seed(1)
rows = [[random.uniform(-1, 1) for _ in range(784)] for _ in range(64)]
with open(f"{work}/x784.csv", "w") as f:
    f.write("\n".join(",".join(f"{v:.6f}" for v in r) for r in rows) + "\n")
with open(f"{work}/t10.csv", "w") as f:
    f.write("\n".join(",".join("1" if j == i % 10 else "0" for j in range(10)) for i in range(64)) + "\n")
for name, width in (("digits", 64), ("mlp784", 784)):
    row = [random.uniform(0, 1) for _ in range(width)]
    open(f"{work}/{name}.bin", "wb").write(struct.pack(f"<{width}f", *row))
    open(f"{work}/{name}.json", "w").write(json.dumps({"inputs": [row]}))
PY
"${jit[@]}" train --input "$work/x784.csv" --targets "$work/t10.csv" --layers 256,128,10 --epochs 1 \
  --model-out "$work/mlp784.safetensors" --plot "$work/loss.svg" >/dev/null

cat > "$work/post.lua" <<'LUA'
-- POSTs the file named by BODY with the content type named by TYPE.
local f = assert(io.open(os.getenv("BODY"), "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = os.getenv("TYPE")
LUA

port=5391
start_server() { # start_server MODEL: serves it on $port and waits for /healthz
  "${simdbp[@]}" serve --model "$1" --urls "http://127.0.0.1:$port" > "$work/server.log" 2>&1 &
  pid=$!
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && return; sleep 0.1; done
  echo "server did not start:"; cat "$work/server.log"; exit 1
}
stop_server() { kill -TERM $pid; wait $pid || true; pid=""; }

# load NAME FORMAT CONNECTIONS SECONDS: one wrk run, printed as a table row.
load() {
  local type=application/octet-stream; [[ $2 == json ]] && type=application/json
  local out
  out=$(BODY="$work/$1.$2" TYPE=$type wrk -t1 -c"$3" -d"$4"s --latency -s "$work/post.lua" "http://127.0.0.1:$port/v1/predict")
  local rps p50 p99 bad
  rps=$(awk '/^Requests\/sec/ { print $2 }' <<<"$out")
  p50=$(awk '$1 == "50%" { print $2 }' <<<"$out")
  p99=$(awk '$1 == "99%" { print $2 }' <<<"$out")
  bad=$(awk '/Non-2xx/ { print $NF }' <<<"$out"); bad=${bad:-0}
  echo "| $1 | $2 | $3 | $rps | $p50 | $p99 | $bad |"
}

echo "server: $server; CPU: $(lscpu | awk -F: '/Model name/ { gsub(/^ +/, "", $2); print $2 }'); $(nproc) cores; wrk -t1, ${duration} s per row, one row per request"
echo
echo "| model | body | connections | requests/s | p50 | p99 | non-2xx |"
echo "|---|---|---:|---:|---:|---:|---:|"
for model in digits mlp784; do
  start_server "$work/$model.safetensors"
  for format in bin json; do
    load "$model" "$format" 1 1 >/dev/null # warm-up: JIT tiers and Kestrel's pools
    for c in 1 16 64; do load "$model" "$format" "$c" "$duration"; done
  done
  stop_server
done

# Hot reload under load: the model file replaced every 200 ms for 10 s.
cp "$work/mlp784.safetensors" "$work/served.safetensors"
start_server "$work/served.safetensors"
load mlp784 bin 16 1 >/dev/null
( for _ in $(seq 50); do cp "$work/mlp784.safetensors" "$work/incoming"; mv "$work/incoming" "$work/served.safetensors"; sleep 0.2; done ) &
swapper=$!
row=$(load mlp784 bin 16 10)
wait $swapper
version=$(curl -s "http://127.0.0.1:$port/healthz" | python3 -c "import json, sys; print(json.load(sys.stdin)['modelVersion'])")
stop_server
echo
echo "during hot reloads every 200 ms (model version reached $version):"
echo "$row"
