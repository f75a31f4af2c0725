#!/usr/bin/env bash
# Builds and runs the batch-cost probe (scripts/batch-costs/): what each way of running cases in a
# KVM guest costs here, against one KVM_RUN per case from C. The numbers in docs/PLATFORM.md
# ("Batched execution") come from it. Needs gcc and a usable /dev/kvm.
#
# Usage: scripts/batch-costs.sh [CASES]          the table (default 20000 cases per variant)
#        scripts/batch-costs.sh --floor [CASES]  one KVM_RUN per case only, as JSON
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p .build
gcc -O2 -o .build/batch-costs scripts/batch-costs/probe.c scripts/batch-costs/guest.S
exec .build/batch-costs "$@"
