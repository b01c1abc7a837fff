#!/bin/sh
# Runs inside an L2 guest (busybox sh; in L2's /bin as monitor-done): waits up to $1 seconds
# (default 120) for the scenario's monitor, in L1, to say it is done with the guest: it
# writes data/monitor-done in the guest's XenStore home (QMP xen-xenstore-write
# /local/domain/1/data/monitor-done). Else "XK-MONITOR-NOT-DONE".
n=0
until xenstore-read data/monitor-done >/dev/null 2>&1; do
  [ $n -lt "${1:-120}" ] || { echo "XK-MONITOR-NOT-DONE"; exit 1; }
  sleep 1; n=$((n + 1))
done
