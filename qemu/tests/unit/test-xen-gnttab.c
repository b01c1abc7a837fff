/*
 * A backend's use of version 1 grant entries (hw/i386/kvm/xen_gnttab_entry.h)
 * against Xen's _set_status_v1() and reduce_status_for_pin(): what the
 * guest sees in its entry, what is refused.
 *
 * This work is licensed under the terms of the GNU GPL, version 2 or later.
 * See the COPYING file in the top-level directory.
 */

#include "qemu/osdep.h"
#include "hw/i386/kvm/xen_gnttab_entry.h"

#define BE 0            /* the backend's domain */
#define FRAME 0x12345

static grant_entry_v1_t grant(uint16_t flags, domid_t domid)
{
    return (grant_entry_v1_t) {
        .flags = flags, .domid = domid, .frame = FRAME,
    };
}

/* Refused: the entry is left as the guest wrote it, nothing pinned. */
static void assert_refused(uint16_t flags, domid_t domid, bool writable,
                           bool map)
{
    grant_entry_v1_t e = grant(flags, domid);
    XenGntPin pin = { 0 };

    g_assert_cmpint(xen_gnt_entry_acquire(&e, &pin, BE, writable, map), ==,
                    GNTST_general_error);
    g_assert_cmphex(e.flags, ==, flags);
    g_assert_cmpint(e.domid, ==, domid);
    g_assert_cmphex(e.frame, ==, FRAME);
    g_assert_cmpuint(pin.readers, ==, 0);
    g_assert_cmpuint(pin.writers, ==, 0);
}

static void test_permit_access(void)
{
    grant_entry_v1_t e = grant(GTF_permit_access, BE);
    XenGntPin pin = { 0 };

    g_assert_cmpint(xen_gnt_entry_acquire(&e, &pin, BE, true, true), ==,
                    GNTST_okay);
    g_assert_cmphex(e.flags, ==,
                    GTF_permit_access | GTF_reading | GTF_writing);
    g_assert_cmpint(e.domid, ==, BE);
    g_assert_cmpuint(pin.writers, ==, 1);
    xen_gnt_entry_release(&e, &pin, true);
    g_assert_cmphex(e.flags, ==, GTF_permit_access);
}

static void test_wrong_domid(void)
{
    assert_refused(GTF_permit_access, 1, false, true);
    assert_refused(GTF_permit_access, 1, false, false);
    assert_refused(GTF_permit_access, DOMID_SELF, true, true);
}

static void test_readonly(void)
{
    uint16_t ro = GTF_permit_access | GTF_readonly;
    grant_entry_v1_t e = grant(ro, BE);
    XenGntPin pin = { 0 };

    /* Not writable, whether mapped or copied to the guest. */
    assert_refused(ro, BE, true, true);
    assert_refused(ro, BE, true, false);

    /* Read-only is fine. */
    g_assert_cmpint(xen_gnt_entry_acquire(&e, &pin, BE, false, true), ==,
                    GNTST_okay);
    g_assert_cmphex(e.flags, ==, ro | GTF_reading);

    /* A pin for reading does not let writing through. */
    g_assert_cmpint(xen_gnt_entry_acquire(&e, &pin, BE, true, true), ==,
                    GNTST_general_error);
    g_assert_cmphex(e.flags, ==, ro | GTF_reading);
    g_assert_cmpuint(pin.readers, ==, 1);
    g_assert_cmpuint(pin.writers, ==, 0);

    xen_gnt_entry_release(&e, &pin, false);
    g_assert_cmphex(e.flags, ==, ro);
}

static void test_other_types(void)
{
    static const uint16_t types[] = {
        GTF_invalid, GTF_accept_transfer, GTF_transitive,
        GTF_accept_transfer | GTF_transfer_completed,
    };
    unsigned i;

    for (i = 0; i < ARRAY_SIZE(types); i++) {
        assert_refused(types[i], BE, false, true);
        assert_refused(types[i], BE, false, false);
        assert_refused(types[i], BE, true, false);
    }
}

/* As Xen's v1 check: sub-page grants may be copied, not mapped. */
static void test_sub_page(void)
{
    uint16_t sub = GTF_permit_access | GTF_sub_page;
    grant_entry_v1_t e = grant(sub, BE);
    XenGntPin pin = { 0 };

    assert_refused(sub, BE, false, true);
    g_assert_cmpint(xen_gnt_entry_acquire(&e, &pin, BE, false, false), ==,
                    GNTST_okay);
    xen_gnt_entry_release(&e, &pin, false);
    g_assert_cmphex(e.flags, ==, sub);
}

/* GTF_writing lasts as long as writers, GTF_reading as any user. */
static void test_counts(void)
{
    grant_entry_v1_t e = grant(GTF_permit_access, BE);
    XenGntPin pin = { 0 };

    g_assert_cmpint(xen_gnt_entry_acquire(&e, &pin, BE, false, true), ==,
                    GNTST_okay);
    g_assert_cmpint(xen_gnt_entry_acquire(&e, &pin, BE, false, false), ==,
                    GNTST_okay);
    g_assert_cmphex(e.flags, ==, GTF_permit_access | GTF_reading);
    g_assert_cmpint(xen_gnt_entry_acquire(&e, &pin, BE, true, true), ==,
                    GNTST_okay);
    g_assert_cmpint(xen_gnt_entry_acquire(&e, &pin, BE, true, true), ==,
                    GNTST_okay);
    g_assert_cmphex(e.flags, ==,
                    GTF_permit_access | GTF_reading | GTF_writing);
    g_assert_cmpuint(pin.readers, ==, 2);
    g_assert_cmpuint(pin.writers, ==, 2);

    xen_gnt_entry_release(&e, &pin, true);
    g_assert_cmphex(e.flags, ==,
                    GTF_permit_access | GTF_reading | GTF_writing);
    xen_gnt_entry_release(&e, &pin, true);
    g_assert_cmphex(e.flags, ==, GTF_permit_access | GTF_reading);
    xen_gnt_entry_release(&e, &pin, false);
    g_assert_cmphex(e.flags, ==, GTF_permit_access | GTF_reading);
    xen_gnt_entry_release(&e, &pin, false);
    g_assert_cmphex(e.flags, ==, GTF_permit_access);

    /* Writers alone hold GTF_reading too. */
    g_assert_cmpint(xen_gnt_entry_acquire(&e, &pin, BE, true, false), ==,
                    GNTST_okay);
    g_assert_cmpint(xen_gnt_entry_acquire(&e, &pin, BE, false, false), ==,
                    GNTST_okay);
    xen_gnt_entry_release(&e, &pin, false);
    g_assert_cmphex(e.flags, ==,
                    GTF_permit_access | GTF_reading | GTF_writing);
    xen_gnt_entry_release(&e, &pin, true);
    g_assert_cmphex(e.flags, ==, GTF_permit_access);
    g_assert_cmpuint(pin.readers, ==, 0);
    g_assert_cmpuint(pin.writers, ==, 0);
}

/*
 * The guest changes its entry after we read it: the compare-and-swap
 * fails, and what the guest wrote is checked before anything is set.
 */
static void test_revoked_meanwhile(void)
{
    grant_entry_v1_t e = grant(GTF_permit_access, BE);
    uint32_t seen = xen_gnt_entry_word(&e);

    e.flags = 0;
    e.domid = 0;
    g_assert_cmpint(xen_gnt_set_status(&e, seen, BE, false, true, false), ==,
                    GNTST_general_error);
    g_assert_cmphex(xen_gnt_entry_word(&e), ==, 0);

    /* Granted to another domain meanwhile. */
    e = grant(GTF_permit_access, BE);
    seen = xen_gnt_entry_word(&e);
    e.domid = 3;
    g_assert_cmpint(xen_gnt_set_status(&e, seen, BE, false, true, false), ==,
                    GNTST_general_error);
    g_assert_cmphex(e.flags, ==, GTF_permit_access);

    /* Made read-only meanwhile: no writing. */
    e = grant(GTF_permit_access, BE);
    seen = xen_gnt_entry_word(&e);
    e.flags |= GTF_readonly;
    g_assert_cmpint(xen_gnt_set_status(&e, seen, BE, true, true, false), ==,
                    GNTST_general_error);
    g_assert_cmphex(e.flags, ==, GTF_permit_access | GTF_readonly);
}

/* A harmless change meanwhile: retried, and the guest's bits kept. */
static void test_changed_meanwhile(void)
{
    grant_entry_v1_t e = grant(GTF_permit_access, BE);
    uint32_t seen = xen_gnt_entry_word(&e);

    e.flags |= GTF_PWT;
    g_assert_cmpint(xen_gnt_set_status(&e, seen, BE, true, true, false), ==,
                    GNTST_okay);
    g_assert_cmphex(e.flags, ==,
                    GTF_permit_access | GTF_PWT | GTF_reading | GTF_writing);
}

/*
 * As Xen: an entry in use was checked when its first use began; later
 * uses only add what they need (writable: GTF_readonly still refuses).
 */
static void test_pinned(void)
{
    grant_entry_v1_t e = grant(GTF_permit_access, BE);
    XenGntPin pin = { 0 };

    g_assert_cmpint(xen_gnt_entry_acquire(&e, &pin, BE, false, true), ==,
                    GNTST_okay);
    qatomic_set(&e.domid, 7);           /* the guest misbehaves */
    g_assert_cmpint(xen_gnt_entry_acquire(&e, &pin, BE, false, true), ==,
                    GNTST_okay);
    g_assert_cmpint(xen_gnt_entry_acquire(&e, &pin, BE, true, true), ==,
                    GNTST_okay);
    g_assert_cmphex(e.flags, ==,
                    GTF_permit_access | GTF_reading | GTF_writing);

    /* Counts that would overflow are refused. */
    pin.readers = UINT32_MAX;
    g_assert_cmpint(xen_gnt_entry_acquire(&e, &pin, BE, false, true), ==,
                    GNTST_general_error);
    g_assert_cmpuint(pin.readers, ==, UINT32_MAX);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/xen-gnttab/permit-access", test_permit_access);
    g_test_add_func("/xen-gnttab/wrong-domid", test_wrong_domid);
    g_test_add_func("/xen-gnttab/readonly", test_readonly);
    g_test_add_func("/xen-gnttab/other-types", test_other_types);
    g_test_add_func("/xen-gnttab/sub-page", test_sub_page);
    g_test_add_func("/xen-gnttab/counts", test_counts);
    g_test_add_func("/xen-gnttab/revoked-meanwhile", test_revoked_meanwhile);
    g_test_add_func("/xen-gnttab/changed-meanwhile", test_changed_meanwhile);
    g_test_add_func("/xen-gnttab/pinned", test_pinned);
    return g_test_run();
}
