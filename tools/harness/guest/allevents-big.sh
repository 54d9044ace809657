# Scenario "allevents-big": the "allevents" workload ten times over with every tracepoint enabled and
# 64 MiB of buffer per CPU (some two million events): a benchmark input (tools/harness/readme/allevents-big.txt).
ALLEVENTS_KB=65536
ALLEVENTS_ROUNDS=10
ALLEVENTS_CATALOG=0
. ./allevents.sh
