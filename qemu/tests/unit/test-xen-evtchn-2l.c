/*
 * Xen's 2-level event channel bitmaps (hw/i386/kvm/xen_evtchn_2l.h): what
 * the guest sees in shared info and vcpu_info after each operation, for
 * 64-bit and 32-bit guests.
 *
 * This work is licensed under the terms of the GNU GPL, version 2 or later.
 * See the COPYING file in the top-level directory.
 */

#include "qemu/osdep.h"
#include "hw/i386/kvm/xen_evtchn_2l.h"

typedef struct {
    uint8_t shinfo[4096] QEMU_ALIGNED(8);
    uint8_t vcpu_info[64] QEMU_ALIGNED(8);
} Guest;

static uint64_t sel(Guest *g, bool long_mode)
{
    return long_mode ? *(uint64_t *)(g->vcpu_info + 8) :
                       *(uint32_t *)(g->vcpu_info + 4);
}

static void test_set_pending(const void *opaque)
{
    bool lm = GPOINTER_TO_INT(opaque);
    unsigned words = lm ? 64 : 32;
    unsigned last = evtchn_2l_nr_ports(lm) - 1;
    g_autofree Guest *g = g_new0(Guest, 1);

    /* First event: pending bit, selector bit, upcall flag; tell the vCPU. */
    g_assert_true(evtchn_2l_set_pending(g->shinfo, g->vcpu_info, lm, 5));
    g_assert_true(evtchn_2l_test(g->shinfo, lm, 5, false));
    g_assert_cmpint(sel(g, lm), ==, 1);
    g_assert_cmpint(g->vcpu_info[0], ==, 1);

    /* Same port again, or another in the same word: nothing new to tell. */
    g_assert_false(evtchn_2l_set_pending(g->shinfo, g->vcpu_info, lm, 5));
    g_assert_false(evtchn_2l_set_pending(g->shinfo, g->vcpu_info, lm, 6));
    g_assert_cmpint(sel(g, lm), ==, 1);

    /* A port in the last word sets the last selector bit, no new upcall. */
    g_assert_false(evtchn_2l_set_pending(g->shinfo, g->vcpu_info, lm, last));
    g_assert_true(evtchn_2l_test(g->shinfo, lm, last, false));
    g_assert_cmpuint(sel(g, lm), ==, 1 | (1ULL << (words - 1)));

    /* Guest handled it and cleared the flag: the next event tells again. */
    g->vcpu_info[0] = 0;
    memset(g->vcpu_info + 4, 0, 12);
    g_assert_true(evtchn_2l_set_pending(g->shinfo, g->vcpu_info, lm, words));
    g_assert_cmpint(sel(g, lm), ==, 2);
}

static void test_layout(const void *opaque)
{
    bool lm = GPOINTER_TO_INT(opaque);
    g_autofree Guest *g = g_new0(Guest, 1);

    /* Where a guest of each ABI looks for port 33's bits. */
    evtchn_2l_change(g->shinfo, lm, 33, false, true);
    evtchn_2l_change(g->shinfo, lm, 33, true, true);
    if (lm) {
        g_assert_cmphex(*(uint64_t *)(g->shinfo + 2048), ==, 1ULL << 33);
        g_assert_cmphex(*(uint64_t *)(g->shinfo + 2048 + 512), ==, 1ULL << 33);
    } else {
        g_assert_cmphex(*(uint32_t *)(g->shinfo + 2048 + 4), ==, 2);
        g_assert_cmphex(*(uint32_t *)(g->shinfo + 2048 + 128 + 4), ==, 2);
    }
}

static void test_masked(const void *opaque)
{
    bool lm = GPOINTER_TO_INT(opaque);
    g_autofree Guest *g = g_new0(Guest, 1);

    /* Masked: pending, but the vCPU hears nothing. */
    evtchn_2l_change(g->shinfo, lm, 70 % evtchn_2l_nr_ports(lm), true, true);
    g_assert_false(evtchn_2l_set_pending(g->shinfo, g->vcpu_info, lm, 70));
    g_assert_true(evtchn_2l_test(g->shinfo, lm, 70, false));
    g_assert_cmpint(g->vcpu_info[0], ==, 0);
    g_assert_cmpint(sel(g, lm), ==, 0);

    /* Unmasking a pending port delivers it, and clears the mask. */
    g_assert_true(evtchn_2l_unmask(g->shinfo, g->vcpu_info, lm, 70));
    g_assert_false(evtchn_2l_test(g->shinfo, lm, 70, true));
    g_assert_cmpint(g->vcpu_info[0], ==, 1);
    g_assert_cmpint(sel(g, lm), ==, 1ULL << (70 / (lm ? 64 : 32)));

    /* Unmasking an unmasked or idle port does nothing. */
    g_assert_false(evtchn_2l_unmask(g->shinfo, g->vcpu_info, lm, 70));
    evtchn_2l_change(g->shinfo, lm, 71, true, true);
    g_assert_false(evtchn_2l_unmask(g->shinfo, g->vcpu_info, lm, 71));
    g_assert_false(evtchn_2l_test(g->shinfo, lm, 71, true));
}

/* Ports a 64-bit guest had, left after a switch to the 32-bit ABI. */
static void test_beyond_abi(void)
{
    g_autofree Guest *g = g_new0(Guest, 1);
    g_autofree Guest *zero = g_new0(Guest, 1);

    for (unsigned port = 1024; port < 4096; port += 33) {
        g_assert_false(evtchn_2l_set_pending(g->shinfo, g->vcpu_info, false,
                                             port));
        g_assert_false(evtchn_2l_unmask(g->shinfo, g->vcpu_info, false, port));
        g_assert_false(evtchn_2l_test(g->shinfo, false, port, false));
    }
    /* Nothing written: neither the bitmaps, nor past them, nor the vCPU. */
    g_assert_cmpmem(g, sizeof(*g), zero, sizeof(*zero));
}

/* As Xen's map_vcpu_info(): every selector bit and the upcall flag. */
static void test_mark_all(const void *opaque)
{
    bool lm = GPOINTER_TO_INT(opaque);
    g_autofree Guest *g = g_new0(Guest, 1);

    evtchn_2l_mark_all(g->vcpu_info, lm);
    g_assert_cmpint(g->vcpu_info[0], ==, 1);
    g_assert_cmpuint(sel(g, lm), ==, lm ? ~0ULL : 0xffffffffULL);
    g_assert_cmpint(g->vcpu_info[1], ==, 0);     /* the mask is the guest's */
}

/* SCHEDOP_poll's test, as Xen's do_poll(). */
static void test_poll(const void *opaque)
{
    bool lm = GPOINTER_TO_INT(opaque);
    unsigned past = evtchn_2l_nr_ports(lm);
    g_autofree Guest *g = g_new0(Guest, 1);
    uint32_t ports[3] = { 7, 9, past };

    /* Nothing pending: the vCPU waits, whatever the ports' masks. */
    g_assert_cmpint(evtchn_2l_poll_done(g->shinfo, g->vcpu_info, lm, ports, 2),
                    ==, 0);
    evtchn_2l_change(g->shinfo, lm, 9, true, true);
    g_assert_cmpint(evtchn_2l_poll_done(g->shinfo, g->vcpu_info, lm, ports, 2),
                    ==, 0);
    /* Another port pending: still waiting; a polled one, masked: done. */
    evtchn_2l_change(g->shinfo, lm, 8, false, true);
    g_assert_cmpint(evtchn_2l_poll_done(g->shinfo, g->vcpu_info, lm, ports, 2),
                    ==, 0);
    evtchn_2l_change(g->shinfo, lm, 9, false, true);
    g_assert_cmpint(evtchn_2l_poll_done(g->shinfo, g->vcpu_info, lm, ports, 2),
                    ==, 1);
    /* A port past the ABI's after a pending one is not looked at. */
    g_assert_cmpint(evtchn_2l_poll_done(g->shinfo, g->vcpu_info, lm, ports, 3),
                    ==, 1);
    ports[1] = 10;
    g_assert_cmpint(evtchn_2l_poll_done(g->shinfo, g->vcpu_info, lm, ports, 3),
                    ==, -EINVAL);
    /* An upcall pending ends it before any port is looked at. */
    g->vcpu_info[0] = 1;
    g_assert_cmpint(evtchn_2l_poll_done(g->shinfo, g->vcpu_info, lm, ports, 3),
                    ==, 1);
    g_assert_cmpint(evtchn_2l_poll_done(g->shinfo, NULL, lm, ports, 3),
                    ==, -EINVAL);
    g_assert_cmpint(evtchn_2l_poll_done(g->shinfo, NULL, lm, ports, 0), ==, 0);
}

/* A poll's timeout is a Xen system time: never early, never forever. */
static void test_poll_timeout(void)
{
    g_assert_cmpint(evtchn_poll_wait_ns(0, 1000), ==, -1);
    g_assert_cmpint(evtchn_poll_wait_ns(1500, 1000), ==, 500);
    g_assert_cmpint(evtchn_poll_wait_ns(1000, 1000), ==, 0);
    g_assert_cmpint(evtchn_poll_wait_ns(999, 1000), ==, 0);
    g_assert_cmpint(evtchn_poll_wait_ns(1, UINT64_MAX), ==, 0);
    /* Far off is a long wait, not one that ends at once. */
    g_assert_cmpint(evtchn_poll_wait_ns(UINT64_MAX, 1000), ==, INT64_MAX);
    g_assert_cmpint(evtchn_poll_wait_ns(1ULL << 63, 0), ==, INT64_MAX);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    for (int lm = 0; lm < 2; lm++) {
        const char *abi = lm ? "64" : "32";
        g_autofree char *p1 = g_strdup_printf("/xen-evtchn-2l/%s/set-pending",
                                               abi);
        g_autofree char *p2 = g_strdup_printf("/xen-evtchn-2l/%s/layout", abi);
        g_autofree char *p3 = g_strdup_printf("/xen-evtchn-2l/%s/masked", abi);
        g_autofree char *p4 = g_strdup_printf("/xen-evtchn-2l/%s/mark-all",
                                               abi);
        g_autofree char *p5 = g_strdup_printf("/xen-evtchn-2l/%s/poll", abi);

        g_test_add_data_func(p1, GINT_TO_POINTER(lm), test_set_pending);
        g_test_add_data_func(p2, GINT_TO_POINTER(lm), test_layout);
        g_test_add_data_func(p3, GINT_TO_POINTER(lm), test_masked);
        g_test_add_data_func(p4, GINT_TO_POINTER(lm), test_mark_all);
        g_test_add_data_func(p5, GINT_TO_POINTER(lm), test_poll);
    }
    g_test_add_func("/xen-evtchn-2l/32/ports-beyond-abi", test_beyond_abi);
    g_test_add_func("/xen-evtchn-2l/poll-timeout", test_poll_timeout);
    return g_test_run();
}
