DESC="xen-net-device's queues: with 2 vCPUs netfront asks for the 2 queues offered (multi-queue-max-queues), each with a TX and an RX event channel (feature-split-event-channels); 16 fetches at once from L1, each its own flow, all come whole, and both queues' TX and RX interrupts grew; a second vif with max-queues=1 keeps its one queue's nodes at the top; QEMU exits 0"
KIND=lab
QEMU_ARGS="-M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=split -cpu host,+xen-vapic -smp 2 -m 256 -netdev user,id=n0 -device xen-net-device,netdev=n0,id=vif0 -netdev user,id=n1,net=10.0.3.0/24 -device xen-net-device,netdev=n1,id=vif1,max-queues=1 -d guest_errors"
APPEND="quiet"
TIMEOUT=300
guest() {
  xen-net load
  xen-net order 2
  xen-net up
  xen-net features 0
  xen-net features 1
  echo "XK-NET-QUEUE1 $(xenstore-ls device/vif/0/queue-1 | tr -s ' \n' ' ')"
  echo "XK-NET-QUEUES eth0 $(ls /sys/class/net/eth0/queues | grep tx | tr '\n' ' ')"
  echo "XK-NET-QUEUES eth1 $(ls /sys/class/net/eth1/queues | grep tx | tr '\n' ' ')"
  xen-net irqs /tmp/irqs
  xen-net flows 16 http://10.0.2.2:8081/flow
  xen-net grew /tmp/irqs | grep vif0
  xen-net ping 10.0.2.2 3
}
monitor() {
  mkdir -p /tmp/www
  seq 1 150000 > /tmp/www/flow
  httpd -f -p 127.0.0.1:8081 -h /tmp/www &  # in the monitor's session, which ends with it
}
EXPECT=('XK-NET-LEASE 10\.0\.2\.15$'
        'XK-NET-FRONT handle=0 .*multi-queue-num-queues=2 queue-0= queue-1= '
        'XK-NET-QUEUE1 tx-ring-ref = "[0-9]+" rx-ring-ref = "[0-9]+" event-channel-tx = "[0-9]+" event-channel-rx = "[0-9]+" $'
        'XK-NET-BACK .*multi-queue-max-queues=2 feature-split-event-channels=1 .*state=4'
        'XK-NET-FRONT handle=1 .*multi-queue-num-queues=1 tx-ring-ref=[0-9]+ rx-ring-ref=[0-9]+ event-channel-tx=[0-9]+ event-channel-rx=[0-9]+ '
        'XK-NET-BACK .*multi-queue-max-queues=1 feature-split-event-channels=1 .*state=4'
        'XK-NET-QUEUES eth0 tx-0 tx-1 $' 'XK-NET-QUEUES eth1 tx-0 $'
        'XK-NET-FLOWS 16 16$'
        'XK-NET-IRQ-GREW vif0-q0-tx$' 'XK-NET-IRQ-GREW vif0-q0-rx$'
        'XK-NET-IRQ-GREW vif0-q1-tx$' 'XK-NET-IRQ-GREW vif0-q1-rx$'
        'XK-NET-PING 3 3$' 'XK-GUEST-EXIT 0')
REJECT=('XK-NET-IRQ-STUCK' 'Kernel panic' 'BUG:' 'Assertion' 'qemu-system-x86_64: .*(error|fail)' 'xen-net-device vif' 'XK-MONITOR-TIMEOUT')
