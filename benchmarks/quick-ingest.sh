#!/usr/bin/env bash
# A quick ingest figure for investigating (benchmarks/run is the suite and makes the published figures): wrk drives
# BatchPutMetrics (10 points a request) against a fresh local-mode server on the embedded SQLite store, then the bare
# /health/live endpoint of the same server as a baseline, in the same run. Needs wrk (Debian: apt-get install wrk).
# Usage: benchmarks/quick-ingest.sh [connections] [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
connections=${1:-16}
seconds=${2:-15}
JAVA_HOME=$(bin/jdk)
export JAVA_HOME
./mvnw -q -B -Dmaven.test.skip=true package
data=$(mktemp -d)
port=9499
"$JAVA_HOME/bin/java" -Xmx512m -jar server/target/stepwise.jar --port $port --data-dir "$data" >"$data/server.log" 2>&1 &
server=$!
trap 'kill $server; rm -rf "$data"' EXIT
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && break; sleep 0.2; done
echo "BatchPutMetrics, 10 points per request, $connections connections, ${seconds}s:"
wrk -t"$connections" -c"$connections" -d"${seconds}s" -s benchmarks/wrk-put.lua "http://127.0.0.1:$port/" | grep -E 'Latency|Requests/sec|non-2xx'
echo "Baseline, GET /health/live on the same server:"
wrk -t2 -c"$connections" -d"${seconds}s" "http://127.0.0.1:$port/health/live" | grep -E 'Latency|Requests/sec'
