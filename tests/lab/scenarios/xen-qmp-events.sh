DESC="QMP xen-event-list shows the guest's ports; xen-event-inject (and HMP's) raises events the guest counts"
KIND=lab
QEMU_ARGS="-M pc -accel kvm,xen-version=0x4000a,kernel-irqchip=split -cpu host,+xen-vapic -smp 2 -m 512"
APPEND="quiet"
guest() {
  insmod /lib/modules/$(uname -r)/xen-evtchn.ko
  xen-probe evtchn-wait 3 120
}
monitor() {
  port=$(wait_guest '^XK-PORT [0-9]+' | sed 's/[^0-9]//g')
  qmp '{"execute":"xen-event-list"}'
  qmp "{\"execute\":\"xen-event-inject\",\"arguments\":{\"port\":$port}}"
  wait_guest '^XK-EVENT 1 ' >/dev/null
  qmp "{\"execute\":\"human-monitor-command\",\"arguments\":{\"command-line\":\"xen-event-inject $port\"}}"
  wait_guest '^XK-EVENT 2 ' >/dev/null
  qmp "{\"execute\":\"xen-event-inject\",\"arguments\":{\"port\":$port}}"
  qmp '{"execute":"human-monitor-command","arguments":{"command-line":"xen-event-list"}}'
  # A port the guest does not have open is refused.
  qmp '{"execute":"xen-event-inject","arguments":{"port":4000}}'
}
EXPECT=('XK-PORT [0-9]+'
        # the list: the timer VIRQs, IPIs, and our port waiting for domain 0 (a backend)
        # (QMP does not keep the members' order)
        'XK-QMP .*"type": "virq"' 'XK-QMP .*"type": "ipi"'
        'XK-QMP .*\{[^}]*("remote-domain": "0"[^}]*"type": "unbound"|"type": "unbound"[^}]*"remote-domain": "0")'
        'XK-EVENTS 3$'
        'XK-QMP .*event raised on port'
        'XK-QMP .*port +[0-9]+: vcpu 1 ipi'
        'XK-QMP .*"error".*port 4000.*no such port')
REJECT=('Kernel panic' 'BUG:' 'WARNING:.*xen' 'XK-EVTCHN-ERROR' 'XK-MONITOR-TIMEOUT')
