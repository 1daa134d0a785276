#!/usr/bin/env bash
# The control plane's benchmark (issue 16): Search over 10,000 runs of one experiment (10 parameters and 5 metrics
# each), filtered by the experiment and sorted by a metric summary, first page of 100; DescribeTrialComponent of a run
# with 100 metrics; each next to DescribeExperiment, the floor of the same request path. Stepwise on SQLite and on
# PostgreSQL (127.0.0.1:5432, trust auth for root, or STEPWISE_BENCH_POSTGRES_URL). Writes the experiments section of
# docs/benchmarks.md. About 5 minutes.
# Usage: benchmarks/experiments.sh [--quick] [--only sqlite|postgres]     (--quick: 1,000 runs, a smoke run)
set -euo pipefail
command="benchmarks/experiments.sh${*:+ $*}"
cd "$(dirname "$0")/.."
JAVA_HOME=$(bin/jdk)
export JAVA_HOME
./mvnw -q -B -DskipTests package
"$JAVA_HOME/bin/java" -Xmx1g -cp benchmarks/target/classes:server/target/stepwise.jar \
  dev.stepwise.bench.experiments.ExperimentsBenchmark "$@" \
  --output docs/benchmarks.md --server-jar server/target/stepwise.jar \
  --commit "$(git rev-parse --short HEAD)" --command "$command"
