#!/bin/sh
# Runs inside an L2 guest (busybox sh; in L2's /bin as xen-net): the network scenarios' steps.
#   xen-net load            loads Xen's netfront
#   xen-net order N         waits for N vifs' interfaces and names vif-I's ethI (netfront
#                           names them as they connect, in any order)
#   xen-net up [S]          waits up to S seconds (default 30) for eth0, takes a DHCP lease on
#                           it: "XK-NET-LEASE <address>" (or "XK-NET-NOLEASE")
#   xen-net ping ADDR N     "XK-NET-PING <N sent> <received>"
#   xen-net serve           serves /www (its file "blob": xen-net blob) over HTTP on port 80
#   xen-net blob            "seq 1 600000" (4088895 bytes, MD5 below) into /www/blob
#   xen-net fetch URL       fetches URL: "XK-NET-FETCH <bytes> <MD5>"
#   xen-net features [N]    what netfront and the backend of vif N (0) negotiated, from the
#                           store: "XK-NET-FRONT key=value..." and "XK-NET-BACK key=value..."
#   xen-net flows N URL     N fetches of URL at once (seq 1 150000, MD5 below), each its own
#                           flow: "XK-NET-FLOWS <N> <how many came whole>"
#   xen-net irqs FILE       keeps the counts of netfront's interrupts (one for each queue, or
#                           a TX and an RX one: vif0-q1-rx...), all vCPUs' together
#   xen-net grew FILE       for each, whether it grew since FILE: "XK-NET-IRQ-GREW <name>"
#                           or "XK-NET-IRQ-STUCK <name>"
# The blob's MD5 is 4227a6765b501c1623bcfe623a7bc9e5 (seq 1 600000, busybox or coreutils), the
# flows' 7489842b0541ae5fc3687cf5aaa26c66 (seq 1 150000).
mods=/lib/modules/$(uname -r)
case "$1" in
load)
  insmod "$mods/xen-netfront.ko" ;;
order)
  n=0
  until [ "$(ls -d /sys/bus/xen/devices/vif-*/net/* 2>/dev/null | wc -l)" -ge "$2" ] ||
        [ $n -ge 30 ]; do sleep 1; n=$((n + 1)); done
  for i in $(seq 0 $(($2 - 1))); do
    ip link set "$(ls /sys/bus/xen/devices/vif-$i/net)" name "xk$i"
  done
  for i in $(seq 0 $(($2 - 1))); do ip link set "xk$i" name "eth$i"; done ;;
up)
  n=0
  until [ -e /sys/class/net/eth0 ] || [ $n -ge "${2:-30}" ]; do sleep 1; n=$((n + 1)); done
  ip link set lo up
  ip link set eth0 up || { echo "XK-NET-NOLEASE no eth0"; exit 1; }
  cat > /tmp/dhcp.sh <<'EOS'
#!/bin/sh
[ "$1" = bound ] || exit 0
ip addr add "$ip/${mask:-24}" dev "$interface"
ip route add default via "$router"
echo "XK-NET-LEASE $ip"
EOS
  chmod +x /tmp/dhcp.sh
  udhcpc -i eth0 -n -q -t 10 -T 2 -s /tmp/dhcp.sh 2>/dev/null | grep XK-NET-LEASE ||
    echo "XK-NET-NOLEASE" ;;
ping)
  echo "XK-NET-PING $3 $(ping -c "$3" -W 5 "$2" 2>/dev/null | sed -n 's/.* \([0-9]*\) packets received.*/\1/p')" ;;
serve)
  httpd -p 80 -h /www ;;
blob)
  mkdir -p /www
  seq 1 600000 > /www/blob ;;
fetch)
  wget -q -O /tmp/fetched "$2"
  echo "XK-NET-FETCH $(wc -c < /tmp/fetched) $(md5sum < /tmp/fetched | cut -d' ' -f1)" ;;
features)
  v=device/vif/${2:-0}
  f=$(xenstore-read $v/backend)
  echo "XK-NET-FRONT $(for k in $(xenstore-list $v); do echo "$k=$(xenstore-read $v/$k)"; done | tr '\n' ' ')"
  echo "XK-NET-BACK $(for k in $(xenstore-list "$f"); do echo "$k=$(xenstore-read "$f/$k")"; done | tr '\n' ' ')" ;;
flows)
  for i in $(seq 1 "$2"); do
    ( wget -q -O "/tmp/flow$i" "$3"; md5sum < "/tmp/flow$i" > "/tmp/flow$i.md5" ) &
  done
  wait
  echo "XK-NET-FLOWS $2 $(cat /tmp/flow*.md5 | grep -c 7489842b0541ae5fc3687cf5aaa26c66)"
  rm -f /tmp/flow* ;;
irqs)
  # "IRQ: count... chip type name": the counts are the numbers before the name.
  grep -E ' vif[0-9]+-q[0-9]+(-tx|-rx)?$' /proc/interrupts |
    awk '{ n = 0; for (i = 2; i < NF; i++) if ($i ~ /^[0-9]+$/) n += $i; print $NF, n }' > "$2" ;;
grew)
  xen-net irqs /tmp/irqs.now
  awk 'NR == FNR { before[$1] = $2; next }
       { print ($2 > before[$1] ? "XK-NET-IRQ-GREW " : "XK-NET-IRQ-STUCK ") $1 }' "$2" /tmp/irqs.now ;;
*)
  echo "usage: xen-net load|order|up|ping|serve|blob|fetch|features|flows|irqs|grew" >&2; exit 2 ;;
esac
