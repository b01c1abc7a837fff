#!/bin/sh
# Runs inside an L2 guest (busybox sh; in L2's /bin as xen-net): the network scenarios' steps.
#   xen-net load            loads Xen's netfront
#   xen-net up [S]          waits up to S seconds (default 30) for eth0, takes a DHCP lease on
#                           it: "XK-NET-LEASE <address>" (or "XK-NET-NOLEASE")
#   xen-net ping ADDR N     "XK-NET-PING <N sent> <received>"
#   xen-net serve           serves /www (its file "blob": xen-net blob) over HTTP on port 80
#   xen-net blob            "seq 1 600000" (4088895 bytes, MD5 below) into /www/blob
#   xen-net fetch URL       fetches URL: "XK-NET-FETCH <bytes> <MD5>"
#   xen-net features        what netfront and the backend negotiated, from the store:
#                           "XK-NET-FRONT key=value..." and "XK-NET-BACK key=value..."
# The blob's MD5 is 4227a6765b501c1623bcfe623a7bc9e5 (seq 1 600000, busybox or coreutils).
mods=/lib/modules/$(uname -r)
case "$1" in
load)
  insmod "$mods/xen-netfront.ko" ;;
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
  f=$(xenstore-read device/vif/0/backend)
  echo "XK-NET-FRONT $(for k in $(xenstore-list device/vif/0); do echo "$k=$(xenstore-read device/vif/0/$k)"; done | tr '\n' ' ')"
  echo "XK-NET-BACK $(for k in $(xenstore-list "$f"); do echo "$k=$(xenstore-read "$f/$k")"; done | tr '\n' ' ')" ;;
*)
  echo "usage: xen-net load|up|ping|serve|blob|fetch|features" >&2; exit 2 ;;
esac
