#!/usr/bin/env bash
# A fleet campaign on Kubernetes: the shards as an Indexed Job on nodes with /dev/kvm, then the
# merge job, in the current kubectl context and namespace.
#
#   deploy/kubernetes/run.sh IMAGE [SHARDS [DURATION [SEED]]]
#
# IMAGE is built from deploy/Containerfile. SHARDS defaults to 4, DURATION to 30m, SEED to
# today's date (YYYYMMDD), fixed here once so that every shard runs the same campaign. Results go
# to /results/<date>-<seed>/ on the x86fuzz-results volume. Exits 0 when the merge found nothing
# new, 1 when a job failed or the shards found new signatures (see the merge job's log).
set -euo pipefail
if [ $# -lt 1 ]; then
    echo "usage: $0 IMAGE [SHARDS [DURATION [SEED]]]" >&2
    exit 2
fi
image=$1 shards=${2:-4} duration=${3:-30m} seed=${4:-$(date -u +%Y%m%d)}
run=$(date -u +%Y-%m-%d)-$seed
here=$(dirname "$0")

render() {
    sed -e "s|@IMAGE@|$image|g" -e "s|@SHARDS@|$shards|g" -e "s|@DURATION@|$duration|g" \
        -e "s|@SEED@|$seed|g" -e "s|@RUN@|$run|g" "$here/$1"
}

# Waits until the job is Complete (returns 0) or Failed (returns 1).
wait_for() {
    local conditions
    while true; do
        conditions=" $(kubectl get job "$1" -o 'jsonpath={.status.conditions[?(@.status=="True")].type}') "
        case $conditions in
            *" Complete "*) return 0 ;;
            *" Failed "*) return 1 ;;
        esac
        sleep 30
    done
}

kubectl apply -f "$here/results.yaml"
kubectl delete job x86fuzz-shards x86fuzz-merge --ignore-not-found
render shards.yaml | kubectl apply -f -
wait_for x86fuzz-shards || { echo "run.sh: a shard failed: kubectl logs -l job-name=x86fuzz-shards" >&2; exit 1; }
render merge.yaml | kubectl apply -f -
if wait_for x86fuzz-merge; then status=0; else status=1; fi
kubectl logs job/x86fuzz-merge
echo "run.sh: results in /results/$run/merged on the x86fuzz-results volume"
exit "$status"
