/*
 * Xen's event channel port state machine (hw/i386/kvm/xen_evtchn_ports.h):
 * the answers Xen's xen/common/event_channel.c gives for each operation,
 * good and bad, for 64-bit and 32-bit guests.
 *
 * This work is licensed under the terms of the GNU GPL, version 2 or later.
 * See the COPYING file in the top-level directory.
 */

#include "qemu/osdep.h"
#include "hw/i386/kvm/xen_evtchn_ports.h"

static unsigned max_of(const void *opaque)
{
    return evtchn_2l_nr_ports(GPOINTER_TO_INT(opaque));
}

/* The lowest free port, from 1; reused once closed; the ABI's limit. */
static void test_alloc(const void *opaque)
{
    unsigned max = max_of(opaque);
    g_autofree XenEvtchnPorts *t = g_new0(XenEvtchnPorts, 1);
    XenEvtchnPort old = { 0 };
    evtchn_port_t p = 0;
    unsigned i;

    g_assert_false(evtchn_port_valid(t, max, 1));
    g_assert_cmpint(evtchn_port_alloc(t, max, 0, EVTCHNSTAT_ipi, 0, &p), ==, 0);
    g_assert_cmpint(p, ==, 1);
    g_assert_cmpint(evtchn_port_alloc(t, max, 1, EVTCHNSTAT_ipi, 0, &p), ==, 0);
    g_assert_cmpint(p, ==, 2);
    g_assert_cmpint(t->table[2].vcpu, ==, 1);
    g_assert_cmpint(t->nr_ports, ==, 3);

    g_assert_cmpint(evtchn_port_close(t, max, 1, &old), ==, 0);
    g_assert_cmpint(old.type, ==, EVTCHNSTAT_ipi);
    g_assert_cmpint(evtchn_port_alloc(t, max, 0, EVTCHNSTAT_ipi, 0, &p), ==, 0);
    g_assert_cmpint(p, ==, 1);

    /* Port 0 is never handed out: max - 1 ports, then -ENOSPC. */
    for (i = 3; i < max; i++) {
        g_assert_cmpint(evtchn_port_alloc(t, max, 0, EVTCHNSTAT_unbound,
                                          DOMID_SELF, &p), ==, 0);
        g_assert_cmpint(p, ==, i);
    }
    g_assert_cmpint(evtchn_port_alloc(t, max, 0, EVTCHNSTAT_ipi, 0, &p), ==,
                    -ENOSPC);
    g_assert_cmpint(t->nr_ports, ==, max);
}

/*
 * Ports out of range, port 0, closed ports: -EINVAL, nothing changed; but
 * their status, where Xen has the port, is "closed".
 */
static void test_bad_ports(const void *opaque)
{
    unsigned max = max_of(opaque);
    g_autofree XenEvtchnPorts *t = g_new0(XenEvtchnPorts, 1);
    struct evtchn_status st = { .port = 0 };
    XenEvtchnPort old = { 0 };
    evtchn_port_t p = 0;
    const evtchn_port_t bad[] = { 0, 2, 63, max, max + 1, UINT32_MAX };
    unsigned i;

    g_assert_cmpint(evtchn_port_alloc(t, max, 0, EVTCHNSTAT_ipi, 0, &p), ==, 0);
    for (i = 0; i < ARRAY_SIZE(bad); i++) {
        g_assert_cmpint(evtchn_port_close(t, max, bad[i], &old), ==, -EINVAL);
        g_assert_cmpint(evtchn_port_bind_vcpu(t, max, bad[i], 0), ==, -EINVAL);
        g_assert_cmpint(evtchn_port_bind_loopback(t, max, bad[i], &p), ==,
                        -EINVAL);
        /* As Xen: port 0 and free ports of the first bucket are closed. */
        st = (struct evtchn_status) { .port = bad[i], .vcpu = 7 };
        g_assert_cmpint(evtchn_port_status(t, max, &st), ==,
                        bad[i] < 64 ? 0 : -EINVAL);
        if (bad[i] < 64) {
            g_assert_cmpint(st.status, ==, EVTCHNSTAT_closed);
            g_assert_cmpint(st.vcpu, ==, 0);
        }
    }
    g_assert_false(evtchn_port_exists(t, max, 64));
    /* Closing twice. */
    g_assert_cmpint(evtchn_port_close(t, max, 1, &old), ==, 0);
    g_assert_cmpint(evtchn_port_close(t, max, 1, &old), ==, -EINVAL);
    g_assert_cmpint(t->table[1].type, ==, EVTCHNSTAT_closed);
}

/* A channel from the guest to itself, and what closing either end does. */
static void test_loopback(const void *opaque)
{
    unsigned max = max_of(opaque);
    g_autofree XenEvtchnPorts *t = g_new0(XenEvtchnPorts, 1);
    struct evtchn_status st;
    XenEvtchnPort old = { 0 };
    evtchn_port_t a = 0, b = 0, c = 0, d = 0;

    g_assert_cmpint(evtchn_port_alloc(t, max, 0, EVTCHNSTAT_unbound,
                                      DOMID_SELF, &a), ==, 0);
    g_assert_cmpint(evtchn_port_bind_loopback(t, max, a, &b), ==, 0);
    g_assert_cmpint(t->table[a].type, ==, EVTCHNSTAT_interdomain);
    g_assert_cmpint(t->table[a].value, ==, b);
    g_assert_cmpint(t->table[b].type, ==, EVTCHNSTAT_interdomain);
    g_assert_cmpint(t->table[b].value, ==, a);

    /* The remote end must be unbound, and meant for us. */
    g_assert_cmpint(evtchn_port_bind_loopback(t, max, a, &c), ==, -EINVAL);
    g_assert_cmpint(evtchn_port_alloc(t, max, 0, EVTCHNSTAT_unbound, 0, &c),
                    ==, 0);
    g_assert_cmpint(evtchn_port_bind_loopback(t, max, c, &d), ==, -EINVAL);
    g_assert_cmpint(t->table[c].type, ==, EVTCHNSTAT_unbound);

    st = (struct evtchn_status) { .port = b };
    g_assert_cmpint(evtchn_port_status(t, max, &st), ==, 0);
    g_assert_cmpint(st.status, ==, EVTCHNSTAT_interdomain);
    g_assert_cmpint(st.u.interdomain.dom, ==, DOMID_SELF);
    g_assert_cmpint(st.u.interdomain.port, ==, a);

    /* Closing one end leaves the other waiting for a new partner. */
    g_assert_cmpint(evtchn_port_close(t, max, b, &old), ==, 0);
    g_assert_cmpint(old.type, ==, EVTCHNSTAT_interdomain);
    g_assert_cmpint(old.value, ==, a);
    g_assert_cmpint(t->table[a].type, ==, EVTCHNSTAT_unbound);
    g_assert_cmpint(t->table[a].value, ==, DOMID_SELF);
    g_assert_cmpint(evtchn_port_bind_loopback(t, max, a, &d), ==, 0);
    g_assert_cmpint(d, ==, b);
}

/* A backend's port: reported as domain 0's; closing leaves no loopback. */
static void test_backend_port(const void *opaque)
{
    unsigned max = max_of(opaque);
    g_autofree XenEvtchnPorts *t = g_new0(XenEvtchnPorts, 1);
    struct evtchn_status st;
    XenEvtchnPort old = { 0 };
    evtchn_port_t a = 0, b = 0;

    g_assert_cmpint(evtchn_port_alloc(t, max, 0, EVTCHNSTAT_interdomain,
                                      PORT_QEMU | 5, &a), ==, 0);
    g_assert_cmpint(evtchn_port_alloc(t, max, 0, EVTCHNSTAT_ipi, 0, &b), ==, 0);
    st = (struct evtchn_status) { .port = a };
    g_assert_cmpint(evtchn_port_status(t, max, &st), ==, 0);
    g_assert_cmpint(st.u.interdomain.dom, ==, 0);
    g_assert_cmpint(st.u.interdomain.port, ==, 5);
    g_assert_cmpint(evtchn_port_close(t, max, a, &old), ==, 0);
    g_assert_cmpint(old.value, ==, PORT_QEMU | 5);
    g_assert_cmpint(t->table[b].type, ==, EVTCHNSTAT_ipi);
}

/* VIRQs: found per vCPU; only the global ones may move. */
static void test_virq_and_bind_vcpu(const void *opaque)
{
    unsigned max = max_of(opaque);
    g_autofree XenEvtchnPorts *t = g_new0(XenEvtchnPorts, 1);
    struct evtchn_status st;
    evtchn_port_t timer = 0, console = 0, ipi = 0, unbound = 0;

    g_assert_cmpint(evtchn_port_alloc(t, max, 1, EVTCHNSTAT_virq, VIRQ_TIMER,
                                      &timer), ==, 0);
    g_assert_cmpint(evtchn_port_alloc(t, max, 0, EVTCHNSTAT_virq, VIRQ_CONSOLE,
                                      &console), ==, 0);
    g_assert_cmpint(evtchn_port_alloc(t, max, 0, EVTCHNSTAT_ipi, 0, &ipi), ==,
                    0);
    g_assert_cmpint(evtchn_port_alloc(t, max, 0, EVTCHNSTAT_unbound, 0,
                                      &unbound), ==, 0);
    g_assert_cmpint(evtchn_port_find_virq(t, VIRQ_TIMER, 1), ==, timer);
    g_assert_cmpint(evtchn_port_find_virq(t, VIRQ_TIMER, 0), ==, 0);
    g_assert_cmpint(evtchn_port_find_virq(t, VIRQ_CONSOLE, 0), ==, console);

    g_assert_true(evtchn_virq_is_global(VIRQ_CONSOLE));
    g_assert_false(evtchn_virq_is_global(VIRQ_TIMER));
    g_assert_cmpint(evtchn_port_bind_vcpu(t, max, timer, 0), ==, -EINVAL);
    g_assert_cmpint(t->table[timer].vcpu, ==, 1);
    g_assert_cmpint(evtchn_port_bind_vcpu(t, max, ipi, 1), ==, -EINVAL);
    g_assert_cmpint(evtchn_port_bind_vcpu(t, max, console, 1), ==, 0);
    /* Moved, a global VIRQ is still bound: Xen refuses it again (-EEXIST). */
    g_assert_cmpint(evtchn_port_find_virq(t, VIRQ_CONSOLE, 0), ==, console);
    g_assert_cmpint(evtchn_port_bind_vcpu(t, max, unbound, 1), ==, 0);
    g_assert_cmpint(t->table[unbound].vcpu, ==, 1);

    st = (struct evtchn_status) { .port = console };
    g_assert_cmpint(evtchn_port_status(t, max, &st), ==, 0);
    g_assert_cmpint(st.status, ==, EVTCHNSTAT_virq);
    g_assert_cmpint(st.vcpu, ==, 1);
    g_assert_cmpint(st.u.virq, ==, VIRQ_CONSOLE);
    st = (struct evtchn_status) { .port = unbound };
    g_assert_cmpint(evtchn_port_status(t, max, &st), ==, 0);
    g_assert_cmpint(st.status, ==, EVTCHNSTAT_unbound);
    g_assert_cmpint(st.u.unbound.dom, ==, 0);
}

/* A PIRQ's port: bound on vCPU 0, movable, its PIRQ in its status. */
static void test_pirq(const void *opaque)
{
    unsigned max = max_of(opaque);
    g_autofree XenEvtchnPorts *t = g_new0(XenEvtchnPorts, 1);
    struct evtchn_status st;
    XenEvtchnPort old = { 0 };
    evtchn_port_t p = 0;

    g_assert_cmpint(evtchn_port_alloc(t, max, 0, EVTCHNSTAT_pirq, 255, &p),
                    ==, 0);
    g_assert_cmpint(evtchn_port_bind_vcpu(t, max, p, 1), ==, 0);
    st = (struct evtchn_status) { .port = p };
    g_assert_cmpint(evtchn_port_status(t, max, &st), ==, 0);
    g_assert_cmpint(st.status, ==, EVTCHNSTAT_pirq);
    g_assert_cmpint(st.vcpu, ==, 1);
    g_assert_cmpint(st.u.pirq, ==, 255);
    g_assert_true(evtchn_ports_consistent(t, 64));
    g_assert_cmpint(evtchn_port_close(t, max, p, &old), ==, 0);
    g_assert_cmpint(old.type, ==, EVTCHNSTAT_pirq);
    g_assert_cmpint(old.value, ==, 255);
}

/* A migration stream's table is taken only if the operations could make it. */
static void test_consistent(const void *opaque)
{
    unsigned max = max_of(opaque);
    g_autofree XenEvtchnPorts *t = g_new0(XenEvtchnPorts, 1);
    evtchn_port_t a = 0, b = 0, virq = 0;

    g_assert_true(evtchn_ports_consistent(t, 64));
    g_assert_cmpint(evtchn_port_alloc(t, max, 0, EVTCHNSTAT_unbound, DOMID_SELF,
                                      &a), ==, 0);
    g_assert_cmpint(evtchn_port_bind_loopback(t, max, a, &b), ==, 0);
    g_assert_cmpint(evtchn_port_alloc(t, max, 0, EVTCHNSTAT_virq, VIRQ_DEBUG,
                                      &virq), ==, 0);
    g_assert_true(evtchn_ports_consistent(t, 64));

    t->table[b].value = virq;                   /* a peer not its peer's */
    g_assert_false(evtchn_ports_consistent(t, 64));
    t->table[b].value = 4000;                   /* a peer past the table */
    g_assert_false(evtchn_ports_consistent(t, 64));
    t->table[b].value = PORT_QEMU | 64;         /* no such backend port */
    g_assert_false(evtchn_ports_consistent(t, 64));
    t->table[b].value = PORT_QEMU | 63;
    g_assert_false(evtchn_ports_consistent(t, 64));     /* a's is still b */
    t->table[a] = (XenEvtchnPort) { .type = EVTCHNSTAT_unbound,
                                    .value = DOMID_SELF };
    g_assert_true(evtchn_ports_consistent(t, 64));
    t->table[virq].value = NR_VIRQS;
    g_assert_false(evtchn_ports_consistent(t, 64));
    t->table[virq].value = VIRQ_DEBUG;
    t->table[virq].type = 9;                    /* no such state */
    g_assert_false(evtchn_ports_consistent(t, 64));
    t->table[virq].type = EVTCHNSTAT_virq;
    t->table[0].type = EVTCHNSTAT_ipi;          /* port 0 is never used */
    g_assert_false(evtchn_ports_consistent(t, 64));
}

int main(int argc, char **argv)
{
    static const struct {
        const char *name;
        void (*fn)(const void *);
    } tests[] = {
        { "alloc", test_alloc },
        { "bad-ports", test_bad_ports },
        { "loopback", test_loopback },
        { "backend-port", test_backend_port },
        { "virq-and-bind-vcpu", test_virq_and_bind_vcpu },
        { "pirq", test_pirq },
        { "consistent", test_consistent },
    };
    unsigned i;

    g_test_init(&argc, &argv, NULL);
    for (i = 0; i < ARRAY_SIZE(tests); i++) {
        g_autofree char *p64 = g_strdup_printf("/xen-evtchn-ports/64/%s",
                                               tests[i].name);
        g_autofree char *p32 = g_strdup_printf("/xen-evtchn-ports/32/%s",
                                               tests[i].name);

        g_test_add_data_func(p64, GINT_TO_POINTER(1), tests[i].fn);
        g_test_add_data_func(p32, GINT_TO_POINTER(0), tests[i].fn);
    }
    return g_test_run();
}
