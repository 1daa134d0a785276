#!/usr/bin/env bash
# JMH benchmarks of the hot functions (SigV4 verification, request decoding and validation, response encoding,
# bucket aggregation), run from the benchmarks module's class path. Writes the jmh section of docs/benchmarks.md;
# the raw results stay in benchmarks/target/jmh-result.json.
# Usage: benchmarks/jmh.sh [--quick] [JMH options or benchmark regexps, e.g. SigV4 or -prof gc]
#   full (default): 1 fork, 3 warm-up and 5 measurement iterations of 2 s each, about 4 minutes in all
#   --quick: 1 fork, 1 warm-up and 3 measurement iterations of 1 s each, about 1 minute, to check that it runs
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA_HOME=$(bin/jdk)
export JAVA_HOME
command="benchmarks/jmh.sh${*:+ $*}"
timing=(-f 1 -wi 3 -i 5 -w 2s -r 2s)
if [ "${1:-}" = --quick ]; then
  timing=(-f 1 -wi 1 -i 3 -w 1s -r 1s)
  shift
fi
./mvnw -q -B -DskipTests package
# With -am and a phase, the server resolves to this checkout's server/target/classes, not to an install in ~/.m2.
./mvnw -q -B -pl benchmarks -am compile dependency:build-classpath -Dmdep.outputFile=target/jmh.classpath
classpath="benchmarks/target/classes:$(cat benchmarks/target/jmh.classpath)"
result=benchmarks/target/jmh-result.json
"$JAVA_HOME/bin/java" -cp "$classpath" org.openjdk.jmh.Main "${timing[@]}" -rf json -rff "$result" "$@"
"$JAVA_HOME/bin/java" -cp "$classpath" dev.stepwise.bench.jmh.JmhReport "$result" docs/benchmarks.md "$command"
