#!/usr/bin/env bash
# The dashboard's speed in a real browser: navigation to drawn charts for one series of 1,000,000 points, for 100
# trial components overlaid, for the runs table of an experiment of 10,000 runs (10 parameters, 5 metrics each) and
# for 100 runs of 10,000 steps grouped into 4 mean-and-band curves, against a 20-point baseline measured in the same
# run. Needs Debian's chromium and chromium-driver. Writes its section of docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA_HOME=$(bin/jdk)
export JAVA_HOME SE_OFFLINE=true
./mvnw -q -B -DskipTests test-compile
./mvnw -q -B -pl server exec:java -Dexec.classpathScope=test \
  -Dexec.mainClass=dev.stepwise.it.DashboardBenchmark -Dexec.args="$PWD/docs/benchmarks.md"
