/*
 * The guest's PIRQs (hw/i386/kvm/xen_pirq.h): the answers Xen gives an HVM
 * domain for each physdev_op on them, good and bad, at both sides of the
 * table's bound, and what a GSI's line does once a PIRQ has it.
 *
 * This work is licensed under the terms of the GNU GPL, version 2 or later.
 * See the COPYING file in the top-level directory.
 */

#include "qemu/osdep.h"
#include "hw/i386/kvm/xen_pirq.h"

static XenPirqs *table(uint32_t nr)
{
    XenPirqs *t = g_new0(XenPirqs, 1);

    t->nr = nr;
    t->pirq = g_new0(XenPirq, nr);
    xen_pirq_reset(t);
    return t;
}

static void table_free(XenPirqs *t)
{
    g_free(t->pirq);
    g_free(t);
}

/* GSIs from 16 up below 24, then the rest from the top down; never 0-15. */
static void test_get_free(void)
{
    XenPirqs *t = table(28);
    uint32_t p = 0;
    int i;

    for (i = 16; i < 24; i++) {
        g_assert_cmpint(xen_pirq_get_free(t, MAP_PIRQ_TYPE_GSI, &p), ==, 0);
        g_assert_cmpint(p, ==, i);
    }
    g_assert_cmpint(xen_pirq_get_free(t, MAP_PIRQ_TYPE_GSI, &p), ==, 0);
    g_assert_cmpint(p, ==, 27);
    /* MSI, or a type Xen does not check: from the top only */
    g_assert_cmpint(xen_pirq_get_free(t, MAP_PIRQ_TYPE_MSI, &p), ==, 0);
    g_assert_cmpint(p, ==, 26);
    g_assert_cmpint(xen_pirq_get_free(t, 12345, &p), ==, 0);
    g_assert_cmpint(p, ==, 25);
    g_assert_cmpint(xen_pirq_get_free(t, MAP_PIRQ_TYPE_MSI, &p), ==, 0);
    g_assert_cmpint(p, ==, 24);
    p = 99;
    g_assert_cmpint(xen_pirq_get_free(t, MAP_PIRQ_TYPE_MSI, &p), ==, -ENOSPC);
    g_assert_cmpint(xen_pirq_get_free(t, MAP_PIRQ_TYPE_GSI, &p), ==, -ENOSPC);
    g_assert_cmpint(p, ==, 99);
    /* Handed out for good: unmapping does not free them */
    g_assert_cmpint(xen_pirq_unmap(t, 16), ==, 0);
    g_assert_cmpint(xen_pirq_get_free(t, MAP_PIRQ_TYPE_GSI, &p), ==, -ENOSPC);
    table_free(t);

    /* A table no larger than the GSIs' PIRQs has no others */
    t = table(20);
    for (i = 16; i < 20; i++) {
        g_assert_cmpint(xen_pirq_get_free(t, MAP_PIRQ_TYPE_GSI, &p), ==, 0);
        g_assert_cmpint(p, ==, i);
    }
    g_assert_cmpint(xen_pirq_get_free(t, MAP_PIRQ_TYPE_GSI, &p), ==, -ENOSPC);
    g_assert_cmpint(xen_pirq_get_free(t, MAP_PIRQ_TYPE_MSI, &p), ==, -ENOSPC);
    table_free(t);
    t = table(0);
    g_assert_cmpint(xen_pirq_get_free(t, MAP_PIRQ_TYPE_GSI, &p), ==, -ENOSPC);
    table_free(t);
}

/* map_pirq of a GSI: both sides of each bound, a free PIRQ, the quirk. */
static void test_map(void)
{
    XenPirqs *t = table(256);
    int pirq;

    pirq = 10;
    g_assert_cmpint(xen_pirq_map_gsi(t, -1, &pirq), ==, -EINVAL);
    g_assert_cmpint(xen_pirq_map_gsi(t, XEN_PIRQ_NR_GSI, &pirq), ==, -EINVAL);
    pirq = 256;
    g_assert_cmpint(xen_pirq_map_gsi(t, 5, &pirq), ==, -EINVAL);
    pirq = INT_MAX;
    g_assert_cmpint(xen_pirq_map_gsi(t, 5, &pirq), ==, -EINVAL);
    g_assert_cmpint(t->gsi_pirq[5], ==, -1);

    pirq = 255;
    g_assert_cmpint(xen_pirq_map_gsi(t, 47, &pirq), ==, 0);
    g_assert_cmpint(t->pirq[255].gsi, ==, 47);
    g_assert_cmpint(t->gsi_pirq[47], ==, 255);
    pirq = 0;           /* PIRQ 0 is the guest's to map */
    g_assert_cmpint(xen_pirq_map_gsi(t, 0, &pirq), ==, 0);
    g_assert_cmpint(t->gsi_pirq[0], ==, 0);

    /* Linux's way: any free PIRQ, the lowest from 16 for a GSI */
    pirq = -1;
    g_assert_cmpint(xen_pirq_map_gsi(t, 9, &pirq), ==, 0);
    g_assert_cmpint(pirq, ==, 16);
    pirq = -12345;
    g_assert_cmpint(xen_pirq_map_gsi(t, 11, &pirq), ==, 0);
    g_assert_cmpint(pirq, ==, 17);
    g_assert_false(t->pirq[16].allocated);

    /* Mapped already, either way: 0, and nothing changes */
    pirq = 16;
    g_assert_cmpint(xen_pirq_map_gsi(t, 10, &pirq), ==, 0);
    g_assert_cmpint(t->pirq[16].gsi, ==, 9);
    g_assert_cmpint(t->gsi_pirq[10], ==, -1);
    pirq = 30;
    g_assert_cmpint(xen_pirq_map_gsi(t, 9, &pirq), ==, 0);
    g_assert_cmpint(t->pirq[30].gsi, ==, XEN_PIRQ_UNMAPPED);
    g_assert_cmpint(t->gsi_pirq[9], ==, 16);
    g_assert_true(xen_pirq_consistent(t));

    /* Unmapped: the GSI is the IOAPIC's again; any PIRQ may be unmapped */
    g_assert_cmpint(xen_pirq_unmap(t, 16), ==, 0);
    g_assert_cmpint(t->gsi_pirq[9], ==, -1);
    g_assert_cmpint(xen_pirq_unmap(t, 16), ==, 0);
    g_assert_cmpint(xen_pirq_unmap(t, -1), ==, 0);
    g_assert_cmpint(xen_pirq_unmap(t, 256), ==, 0);
    g_assert_true(xen_pirq_consistent(t));
    table_free(t);

    /* No PIRQ free for the GSI: -ENOSPC out, -EINVAL back */
    t = table(17);
    pirq = -1;
    g_assert_cmpint(xen_pirq_map_gsi(t, 20, &pirq), ==, 0);
    g_assert_cmpint(pirq, ==, 16);
    pirq = -1;
    g_assert_cmpint(xen_pirq_map_gsi(t, 21, &pirq), ==, -EINVAL);
    g_assert_cmpint(pirq, ==, -ENOSPC);
    table_free(t);
}

/* The bound, xen-evtchn-max-pirq: N - 1 usable, N refused by every op. */
static void test_bound(void)
{
    XenPirqs *t = table(64);
    uint32_t flags = 0;
    int pirq = 63;

    g_assert_cmpint(xen_pirq_bind_check(t, 63), ==, 0);
    g_assert_cmpint(xen_pirq_bind_check(t, 64), ==, -EINVAL);
    g_assert_cmpint(xen_pirq_bind_check(t, UINT32_MAX), ==, -EINVAL);
    g_assert_cmpint(xen_pirq_map_gsi(t, 20, &pirq), ==, 0);
    pirq = 64;
    g_assert_cmpint(xen_pirq_map_gsi(t, 21, &pirq), ==, -EINVAL);
    g_assert_cmpint(xen_pirq_status_query(t, 63, &flags), ==, 0);
    g_assert_cmpint(flags, ==, XENIRQSTAT_needs_eoi);
    g_assert_cmpint(xen_pirq_status_query(t, 64, &flags), ==, -EINVAL);
    g_assert_cmpint(xen_pirq_status_query(t, UINT32_MAX, &flags), ==,
                    -EINVAL);
    g_assert_cmpint(xen_pirq_eoi(t, 63), ==, 0);
    g_assert_cmpint(xen_pirq_eoi(t, 64), ==, -EINVAL);
    g_assert_cmpint(xen_pirq_eoi(t, UINT32_MAX), ==, -EINVAL);
    g_assert_cmpint(xen_pirq_unmap(t, 64), ==, 0);
    g_assert_cmpint(xen_pirq_unmap(t, 63), ==, 0);
    table_free(t);
}

/* status_query wants a mapping; EOI a PIRQ Xen has: mapped, bound, given. */
static void test_query_eoi(void)
{
    XenPirqs *t = table(256);
    uint32_t flags = 0, p = 0;
    int pirq = 40;

    g_assert_cmpint(xen_pirq_eoi(t, 40), ==, -EINVAL);
    g_assert_cmpint(xen_pirq_status_query(t, 40, &flags), ==, -EINVAL);
    g_assert_cmpint(xen_pirq_get_free(t, MAP_PIRQ_TYPE_MSI, &p), ==, 0);
    g_assert_cmpint(xen_pirq_status_query(t, p, &flags), ==, -EINVAL);
    g_assert_cmpint(xen_pirq_eoi(t, p), ==, 0);
    t->pirq[41].port = 5;
    g_assert_cmpint(xen_pirq_eoi(t, 41), ==, 0);
    g_assert_cmpint(xen_pirq_bind_check(t, 41), ==, -EEXIST);
    g_assert_cmpint(xen_pirq_map_gsi(t, 20, &pirq), ==, 0);
    g_assert_cmpint(xen_pirq_status_query(t, 40, &flags), ==, 0);
    g_assert_cmpint(xen_pirq_eoi(t, 40), ==, 0);
    /* Unmapped, bound to nothing, never handed out: gone */
    g_assert_cmpint(xen_pirq_unmap(t, 40), ==, 0);
    g_assert_cmpint(xen_pirq_eoi(t, 40), ==, -EINVAL);
    table_free(t);
}

/*
 * A mapped GSI's line: one event per rise, none while high or on a fall,
 * the IOAPIC never sees it; at EOI, raised again if high, from GSI 16.
 */
static void test_gsi(void)
{
    XenPirqs *t = table(256);
    bool raise = true;
    int pirq = 30;

    g_assert_cmpint(xen_pirq_gsi(t, 20, true, &raise), ==, -1);
    g_assert_cmpint(xen_pirq_gsi(t, XEN_PIRQ_NR_GSI, true, &raise), ==, -1);
    g_assert_cmpint(xen_pirq_gsi(t, UINT_MAX, true, &raise), ==, -1);
    g_assert_cmpint(xen_pirq_map_gsi(t, 20, &pirq), ==, 0);
    g_assert_cmpint(xen_pirq_gsi(t, 20, true, &raise), ==, 30);
    g_assert_true(raise);
    g_assert_cmpint(xen_pirq_gsi(t, 20, true, &raise), ==, 30);
    g_assert_false(raise);
    g_assert_cmpint(xen_pirq_eoi(t, 30), ==, 1);
    g_assert_cmpint(xen_pirq_gsi(t, 20, false, &raise), ==, 30);
    g_assert_false(raise);
    g_assert_cmpint(xen_pirq_eoi(t, 30), ==, 0);
    g_assert_cmpint(xen_pirq_gsi(t, 20, true, &raise), ==, 30);
    g_assert_true(raise);

    /*
     * Below 16 too (where Xen would not: QEMU's PCI INTx are GSIs 5 to 11,
     * and shared), but only while the line is high
     */
    pirq = 31;
    g_assert_cmpint(xen_pirq_map_gsi(t, 11, &pirq), ==, 0);
    g_assert_cmpint(xen_pirq_gsi(t, 11, true, &raise), ==, 31);
    g_assert_true(raise);
    g_assert_cmpint(xen_pirq_eoi(t, 31), ==, 1);
    g_assert_cmpint(xen_pirq_gsi(t, 11, false, &raise), ==, 31);
    g_assert_cmpint(xen_pirq_eoi(t, 31), ==, 0);

    /* Unmapped while high: low to a new mapping, the IOAPIC's again */
    g_assert_cmpint(xen_pirq_unmap(t, 30), ==, 0);
    g_assert_cmpint(xen_pirq_gsi(t, 20, true, &raise), ==, -1);
    pirq = 32;
    g_assert_cmpint(xen_pirq_map_gsi(t, 20, &pirq), ==, 0);
    g_assert_cmpint(xen_pirq_gsi(t, 20, true, &raise), ==, 32);
    g_assert_true(raise);
    xen_pirq_reset(t);
    g_assert_cmpint(xen_pirq_gsi(t, 20, true, &raise), ==, -1);
    g_assert_cmpint(t->gsi_level, ==, 0);
    table_free(t);
}

/* A soft reset unmaps every GSI; what was handed out stays so. */
static void test_unmap_all(void)
{
    XenPirqs *t = table(64);
    bool raise;
    uint32_t p = 0;
    int pirq = -1;

    g_assert_cmpint(xen_pirq_get_free(t, MAP_PIRQ_TYPE_MSI, &p), ==, 0);
    g_assert_cmpint(xen_pirq_map_gsi(t, 4, &pirq), ==, 0);
    pirq = 40;
    g_assert_cmpint(xen_pirq_map_gsi(t, 47, &pirq), ==, 0);
    g_assert_cmpint(xen_pirq_gsi(t, 47, true, &raise), ==, 40);
    t->pirq[40].port = 3;
    g_assert_cmpuint(xen_pirq_unmap_all(t), ==, (1ULL << 4) | (1ULL << 47));
    g_assert_cmpint(xen_pirq_gsi(t, 47, true, &raise), ==, -1);
    g_assert_cmpint(t->gsi_level, ==, 0);
    g_assert_true(t->pirq[p].allocated);
    g_assert_cmpint(t->pirq[40].port, ==, 3);   /* ports are the caller's */
    g_assert_true(xen_pirq_consistent(t));
    g_assert_cmpuint(xen_pirq_unmap_all(t), ==, 0);
    table_free(t);
}

/*
 * An MSI naming a PIRQ: its first maps the PIRQ for MSIs, which then has
 * its status (and a GSI cannot have it); dropped past the bound or on a
 * GSI's PIRQ; PIRQ 0 is no PIRQ. Unmapped, the next MSI maps it again.
 */
static void test_msi(void)
{
    XenPirqs *t = table(300);
    uint32_t flags = 0;
    int pirq = 299;

    /* Linux's xen_msi_compose_msg for PIRQs 40, 299 and 0x12345 */
    g_assert_cmpint(XEN_PIRQ_OF_MSI(0xfee28000ULL), ==, 40);
    g_assert_cmpint(XEN_PIRQ_OF_MSI((0x100ULL << 32) | 0xfee2b000), ==, 299);
    g_assert_cmpint(XEN_PIRQ_OF_MSI((0x12300ULL << 32) | 0xfee45000), ==,
                    0x12345);

    g_assert_cmpint(xen_pirq_msi(t, 0), ==, -ERANGE);
    g_assert_cmpint(xen_pirq_msi(t, 300), ==, -EINVAL);
    g_assert_cmpint(xen_pirq_msi(t, 0x12345), ==, -EINVAL);
    g_assert_cmpint(xen_pirq_status_query(t, 299, &flags), ==, -EINVAL);
    g_assert_cmpint(xen_pirq_msi(t, 299), ==, 0);
    g_assert_cmpint(xen_pirq_msi(t, 299), ==, 0);
    g_assert_cmpint(xen_pirq_status_query(t, 299, &flags), ==, 0);
    g_assert_cmpint(flags, ==, XENIRQSTAT_needs_eoi);
    g_assert_cmpint(xen_pirq_eoi(t, 299), ==, 0);   /* never raised again */
    g_assert_true(xen_pirq_consistent(t));

    /* The port a route would take: none but a bound PIRQ's, not a GSI's */
    g_assert_cmpuint(xen_pirq_msi_port(t, 299), ==, 0);
    t->pirq[299].port = 7;
    t->pirq[298].port = 8;
    g_assert_cmpuint(xen_pirq_msi_port(t, 299), ==, 7);
    g_assert_cmpuint(xen_pirq_msi_port(t, 298), ==, 8);
    g_assert_cmpint(t->pirq[298].gsi, ==, XEN_PIRQ_UNMAPPED);  /* left so */
    g_assert_cmpuint(xen_pirq_msi_port(t, 0), ==, 0);
    g_assert_cmpuint(xen_pirq_msi_port(t, 300), ==, 0);
    g_assert_cmpuint(xen_pirq_msi_port(t, -1), ==, 0);
    t->pirq[298].port = 0;

    /* Xen's "already mapped": a GSI onto it changes nothing */
    g_assert_cmpint(xen_pirq_map_gsi(t, 20, &pirq), ==, 0);
    g_assert_cmpint(t->gsi_pirq[20], ==, -1);
    g_assert_cmpint(xen_pirq_find_free(t, MAP_PIRQ_TYPE_MSI), ==, 298);

    /* A GSI's PIRQ is not an MSI's */
    pirq = 30;
    g_assert_cmpint(xen_pirq_map_gsi(t, 20, &pirq), ==, 0);
    g_assert_cmpint(xen_pirq_msi(t, 30), ==, -EINVAL);
    g_assert_cmpint(t->pirq[30].gsi, ==, 20);
    t->pirq[30].port = 9;
    g_assert_cmpuint(xen_pirq_msi_port(t, 30), ==, 0);

    /* Unmapped (or a soft reset), the PIRQ is free until its next MSI */
    g_assert_cmpint(xen_pirq_unmap(t, 299), ==, 0);
    g_assert_cmpint(xen_pirq_status_query(t, 299, &flags), ==, -EINVAL);
    g_assert_cmpint(xen_pirq_msi(t, 299), ==, 0);
    g_assert_cmpuint(xen_pirq_unmap_all(t), ==, 1ULL << 20);
    g_assert_true(xen_pirq_free(t, 299));
    g_assert_true(xen_pirq_consistent(t));
    t->pirq[299].gsi = -2;
    g_assert_false(xen_pirq_consistent(t));
    t->pirq[299].gsi = XEN_PIRQ_UNMAPPED;
    t->pirq[0].gsi = XEN_PIRQ_MSI;      /* no MSI names PIRQ 0 */
    g_assert_false(xen_pirq_consistent(t));
    table_free(t);
}

/* What a migration brings in is checked before it is used. */
static void test_consistent(void)
{
    XenPirqs *t = table(32);
    int pirq = 20;

    g_assert_true(xen_pirq_consistent(t));
    g_assert_cmpint(xen_pirq_map_gsi(t, 18, &pirq), ==, 0);
    g_assert_true(xen_pirq_consistent(t));
    t->gsi_pirq[19] = 20;
    g_assert_false(xen_pirq_consistent(t));
    t->gsi_pirq[19] = -1;
    t->pirq[20].gsi = 100;
    g_assert_false(xen_pirq_consistent(t));
    t->pirq[20].gsi = -5;
    g_assert_false(xen_pirq_consistent(t));
    t->pirq[20].gsi = 18;
    t->gsi_pirq[18] = 21;
    g_assert_false(xen_pirq_consistent(t));
    table_free(t);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/xen-pirq/get-free", test_get_free);
    g_test_add_func("/xen-pirq/map", test_map);
    g_test_add_func("/xen-pirq/bound", test_bound);
    g_test_add_func("/xen-pirq/query-eoi", test_query_eoi);
    g_test_add_func("/xen-pirq/gsi", test_gsi);
    g_test_add_func("/xen-pirq/unmap-all", test_unmap_all);
    g_test_add_func("/xen-pirq/msi", test_msi);
    g_test_add_func("/xen-pirq/consistent", test_consistent);
    return g_test_run();
}
