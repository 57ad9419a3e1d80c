#!/usr/bin/env bash
# Benchmark of scoring-service: UploadResults of 100k rows and Scores of 1M answers (JSON and TSV), time and peak
# memory of the packaged service run with a small heap (default 256m; pass another as $1).
# Needs nothing running: embedded PostgreSQL and an in-JVM Kafka broker are started by the harness.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -o package -DskipTests
mvn -B -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
java -Xmx1g -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  org.slidescore.scoring.bench.ScoringBenchmark "${1:-256m}"
