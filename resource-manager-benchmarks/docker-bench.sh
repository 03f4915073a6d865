#!/usr/bin/env bash
# Docker module benchmark against a real engine: live limit change vs the recreate path on the same agent container
# (ratio from one run), and the cost of one stats-source tick for 10 containers.
# Needs a reachable engine and the test image; resource-manager-docker/src/test/engine/start-engine.sh provides both.
# Usage: resource-manager-benchmarks/docker-bench.sh [liveRounds=20] [recreateRounds=5] [ticks=20]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl resource-manager-benchmarks -am package -DskipTests
exec java -cp resource-manager-benchmarks/target/benchmarks.jar io.github.resourcemanager.benchmarks.DockerBenchmark "$@"
