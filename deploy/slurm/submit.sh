#!/usr/bin/env bash
# Queues the soak array and, after it (whatever its tasks' exit), the merge.
#   PROXYTORTURE=~/proxytorture RESULTS=/shared/soak-$(date +%F) deploy/slurm/submit.sh
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
array=$(sbatch --parsable --export=ALL "$here/soak-array.sbatch")
merge=$(sbatch --parsable --export=ALL --dependency=afterany:"${array%%;*}" "$here/soak-merge.sbatch")
echo "soak array $array, merge $merge; results in ${RESULTS:-$HOME/proxytorture-soak}"
