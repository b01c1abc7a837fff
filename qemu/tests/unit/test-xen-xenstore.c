/*
 * The XenStore of Xen HVM guest emulation (hw/i386/kvm/xenstore_impl.c):
 * operations, permissions, watches, transactions, quotas, the wire
 * protocol and migration, as Xen 4.17's xenstored behaves.
 *
 * This work is licensed under the terms of the GNU GPL, version 2 or later.
 * See the COPYING file in the top-level directory.
 */

#include "qemu/osdep.h"
#include "hw/i386/kvm/xenstore_impl.h"

#define GUEST 1
#define HOME "/local/domain/1"

/* A payload */
typedef struct Pl {
    const char *p;
    size_t len;
} Pl;

/* A payload given as a string literal, its final NUL included */
#define P(s) ((Pl){ (s), sizeof(s) })
/* ... or without its final NUL (WRITE's value) */
#define PN(s) ((Pl){ (s), sizeof(s) - 1 })

typedef struct T {
    XsStore *s;
    XsConn *c;
    uint32_t req_id;
    int notified;
    GString *events;            /* of the guest, "path|token;"... */
    GString *dom0_events;       /* of an in-QEMU watcher */
} T;

static void notify(void *opaque)
{
    T *t = opaque;

    t->notified++;
}

static void dom0_watch(void *opaque, const char *path, const char *token)
{
    T *t = opaque;

    g_string_append_printf(t->dom0_events, "%s|%s;", path, token);
}

static T *t_new_q(const XsQuota *q)
{
    T *t = g_new0(T, 1);

    t->s = xs_store_new(GUEST, q);
    t->c = xs_conn_new(t->s, GUEST, notify, t);
    t->events = g_string_new(NULL);
    t->dom0_events = g_string_new(NULL);
    return t;
}

static XsQuota quota(void)
{
    return xs_quota_defaults;
}

static int set_perms(XsStore *s, unsigned int dom, XsTransaction tx,
                     const char *path, const char *first, ...)
{
    GList *l = NULL;
    const char *p;
    va_list ap;
    int ret;

    va_start(ap, first);
    for (p = first; p; p = va_arg(ap, const char *)) {
        l = g_list_append(l, g_strdup(p));
    }
    va_end(ap);
    ret = xs_impl_set_perms(s, dom, tx, path, l);
    g_list_free_full(l, g_free);
    return ret;
}

/* Domain 0 makes the guest's home, owned by the guest, as a toolstack. */
static T *t_new(void)
{
    T *t = t_new_q(NULL);

    g_assert_cmpint(xs_impl_mkdir(t->s, 0, 0, HOME), ==, 0);
    g_assert_cmpint(set_perms(t->s, 0, 0, HOME, "n1", NULL), ==, 0);
    return t;
}

static void t_free(T *t)
{
    xs_conn_free(t->c);
    xs_store_free(t->s);
    g_string_free(t->events, true);
    g_string_free(t->dom0_events, true);
    g_free(t);
}

static int wr(XsStore *s, unsigned int dom, XsTransaction tx,
              const char *path, const char *value)
{
    g_autoptr(GByteArray) d = g_byte_array_new();

    g_byte_array_append(d, (const guint8 *)value, strlen(value));
    return xs_impl_write(s, dom, tx, path, d);
}

/* The value, or "ERR<n>" */
static char *rd(XsStore *s, unsigned int dom, XsTransaction tx,
                const char *path)
{
    g_autoptr(GByteArray) d = g_byte_array_new();
    int ret = xs_impl_read(s, dom, tx, path, d);

    if (ret) {
        return g_strdup_printf("ERR%d", ret);
    }
    return d->len ? g_strndup((const char *)d->data, d->len) : g_strdup("");
}

static void check_rd(XsStore *s, unsigned int dom, XsTransaction tx,
                     const char *path, const char *want)
{
    g_autofree char *got = rd(s, dom, tx, path);
    g_autofree char *w = NULL;

    if (want[0] == '#') {
        w = g_strdup_printf("ERR%d", atoi(want + 1));
        want = w;
    }
    g_assert_cmpstr(got, ==, want);
}

#define ERRSTR(e) (g_strdup_printf("#%d", e))

static void check_rd_err(XsStore *s, unsigned int dom, XsTransaction tx,
                         const char *path, int err)
{
    g_autofree char *w = ERRSTR(err);

    check_rd(s, dom, tx, path, w);
}

/* Children joined by ",", or "ERR<n>" */
static char *dir(XsStore *s, unsigned int dom, XsTransaction tx,
                 const char *path)
{
    GList *items = NULL, *l;
    GString *str = g_string_new(NULL);
    uint64_t gen;
    int ret = xs_impl_directory(s, dom, tx, path, &gen, &items);

    if (ret) {
        g_string_printf(str, "ERR%d", ret);
    }
    for (l = items; l; l = l->next) {
        g_string_append_printf(str, "%s%s", l == items ? "" : ",",
                               (char *)l->data);
    }
    g_list_free_full(items, g_free);
    return g_string_free(str, false);
}

static char *perms(XsStore *s, unsigned int dom, const char *path)
{
    GList *items = NULL, *l;
    GString *str = g_string_new(NULL);
    int ret = xs_impl_get_perms(s, dom, 0, path, &items);

    if (ret) {
        g_string_printf(str, "ERR%d", ret);
    }
    for (l = items; l; l = l->next) {
        g_string_append_printf(str, "%s%s", l == items ? "" : ",",
                               (char *)l->data);
    }
    g_list_free_full(items, g_free);
    return g_string_free(str, false);
}

static void check_dir(XsStore *s, unsigned int dom, XsTransaction tx,
                      const char *path, const char *want)
{
    g_autofree char *got = dir(s, dom, tx, path);

    g_assert_cmpstr(got, ==, want);
}

static void check_perms(XsStore *s, unsigned int dom, const char *path,
                        const char *want)
{
    g_autofree char *got = perms(s, dom, path);

    g_assert_cmpstr(got, ==, want);
}

static uint64_t gencnt(XsStore *s, const char *path)
{
    GList *items = NULL;
    uint64_t gen = 0;

    g_assert_cmpint(xs_impl_directory(s, 0, 0, path, &gen, &items), ==, 0);
    g_list_free_full(items, g_free);
    return gen;
}

/* Wire protocol helpers */

static void send_msg(T *t, uint32_t type, uint32_t tx, Pl pl)
{
    const void *p = pl.p;
    size_t len = pl.len;
    struct xsd_sockmsg h = {
        .type = type, .req_id = ++t->req_id, .tx_id = tx, .len = len,
    };

    g_assert_cmpint(xs_conn_write(t->c, &h, sizeof(h)), ==, sizeof(h));
    g_assert_cmpint(xs_conn_write(t->c, p, len), ==, len);
}

static bool recv_msg(T *t, struct xsd_sockmsg *h, GByteArray *out)
{
    if (!xs_conn_has_output(t->c)) {
        return false;
    }
    g_assert_cmpint(xs_conn_read(t->c, h, sizeof(*h)), ==, sizeof(*h));
    g_byte_array_set_size(out, h->len);
    g_assert_cmpint(xs_conn_read(t->c, out->data, h->len), ==, h->len);
    return true;
}

/* Collects pending watch events into t->events; the answer, if any. */
static bool drain(T *t, struct xsd_sockmsg *h, GByteArray *ans)
{
    while (recv_msg(t, h, ans)) {
        if (h->type != XS_WATCH_EVENT) {
            return true;
        }
        g_assert_cmpint(h->req_id, ==, 0);
        g_assert_cmpint(h->tx_id, ==, 0);
        g_assert_cmpint(ans->len, >=, 2);
        g_assert_cmpint(ans->data[ans->len - 1], ==, 0);
        g_assert_cmpint(memchr(ans->data, 0, ans->len) - (void *)ans->data,
                        <, ans->len - 1);
        g_string_append_printf(t->events, "%s|%s;", (char *)ans->data,
                               (char *)ans->data +
                               strlen((char *)ans->data) + 1);
    }
    return false;
}

/* A request; the answer's type, payload in @ans. */
static uint32_t call(T *t, uint32_t type, uint32_t tx, Pl req,
                     GByteArray *ans)
{
    struct xsd_sockmsg h;

    send_msg(t, type, tx, req);
    g_assert_true(drain(t, &h, ans));
    g_assert_cmpint(h.req_id, ==, t->req_id);
    g_assert_cmpint(h.tx_id, ==, tx);
    /* WATCH's first event follows its answer */
    if (xs_conn_has_output(t->c)) {
        g_autoptr(GByteArray) ev = g_byte_array_new();
        struct xsd_sockmsg eh;

        g_assert_false(drain(t, &eh, ev));
    }
    return h.type;
}

static void expect(T *t, uint32_t type, uint32_t tx, Pl req, uint32_t atype,
                   Pl a)
{
    g_autoptr(GByteArray) ans = g_byte_array_new();

    g_assert_cmpint(call(t, type, tx, req, ans), ==, atype);
    g_assert_cmpmem(ans->data, ans->len, a.p, a.len);
}

static void ok(T *t, uint32_t type, uint32_t tx, Pl req)
{
    expect(t, type, tx, req, type, P("OK"));
}

static void err(T *t, uint32_t type, uint32_t tx, Pl req, const char *e)
{
    Pl a = { e, strlen(e) + 1 };

    expect(t, type, tx, req, XS_ERROR, a);
}

static XsTransaction tx_start(T *t)
{
    g_autoptr(GByteArray) ans = g_byte_array_new();

    g_assert_cmpint(call(t, XS_TRANSACTION_START, 0, P(""), ans), ==,
                    XS_TRANSACTION_START);
    g_assert_cmpint(ans->len, >=, 2);
    g_assert_cmpint(ans->data[ans->len - 1], ==, 0);
    return atoi((char *)ans->data);
}

static void check_events(T *t, const char *want)
{
    g_assert_cmpstr(t->events->str, ==, want);
    g_string_truncate(t->events, 0);
}

static void check_dom0_events(T *t, const char *want)
{
    g_assert_cmpstr(t->dom0_events->str, ==, want);
    g_string_truncate(t->dom0_events, 0);
}

/* Guest watch events that arrived without a request */
static void check_async_events(T *t, const char *want)
{
    g_autoptr(GByteArray) ans = g_byte_array_new();
    struct xsd_sockmsg h;

    g_assert_false(drain(t, &h, ans));
    check_events(t, want);
}

/* The tests */

static void test_api_basic(void)
{
    T *t = t_new();
    g_autoptr(GByteArray) bin = g_byte_array_new();
    g_autoptr(GByteArray) got = g_byte_array_new();
    static const uint8_t binval[] = { 0, 1, 0, 255 };

    g_assert_cmpint(wr(t->s, 0, 0, "/a/b/c", "v"), ==, 0);
    check_rd(t->s, 0, 0, "/a/b/c", "v");
    check_rd(t->s, 0, 0, "/a/b", "");
    check_rd(t->s, 0, 0, "/a", "");
    check_dir(t->s, 0, 0, "/", "local,a");

    /* Binary values */
    g_byte_array_append(bin, binval, sizeof(binval));
    g_assert_cmpint(xs_impl_write(t->s, 0, 0, "/a/bin", bin), ==, 0);
    g_assert_cmpint(xs_impl_read(t->s, 0, 0, "/a/bin", got), ==, 0);
    g_assert_cmpmem(got->data, got->len, binval, sizeof(binval));

    /* Children in creation order */
    g_assert_cmpint(wr(t->s, 0, 0, "/a/b/a", "1"), ==, 0);
    g_assert_cmpint(xs_impl_mkdir(t->s, 0, 0, "/a/b/b"), ==, 0);
    check_dir(t->s, 0, 0, "/a/b", "c,a,b");

    /* MKDIR of an existing node changes nothing */
    g_assert_cmpint(xs_impl_mkdir(t->s, 0, 0, "/a/b/c"), ==, 0);
    check_rd(t->s, 0, 0, "/a/b/c", "v");

    /* Rewrite */
    g_assert_cmpint(wr(t->s, 0, 0, "/a/b/c", "w"), ==, 0);
    check_rd(t->s, 0, 0, "/a/b/c", "w");

    /* RM: the subtree; missing but parent there: fine; else ENOENT */
    g_assert_cmpint(xs_impl_rm(t->s, 0, 0, "/a/b"), ==, 0);
    check_rd_err(t->s, 0, 0, "/a/b/c", ENOENT);
    check_rd_err(t->s, 0, 0, "/a/b", ENOENT);
    check_dir(t->s, 0, 0, "/a", "bin");
    g_assert_cmpint(xs_impl_rm(t->s, 0, 0, "/a/b"), ==, 0);
    g_assert_cmpint(xs_impl_rm(t->s, 0, 0, "/a/b/c"), ==, ENOENT);
    g_assert_cmpint(xs_impl_rm(t->s, 0, 0, "/"), ==, EINVAL);

    /* Relative paths are under the caller's home */
    g_assert_cmpint(wr(t->s, GUEST, 0, "x/y", "z"), ==, 0);
    check_rd(t->s, 0, 0, HOME "/x/y", "z");
    check_rd(t->s, GUEST, 0, "x/y", "z");
    g_assert_cmpint(wr(t->s, 0, 0, "rel", "0"), ==, 0);
    check_rd(t->s, 0, 0, "/local/domain/0/rel", "0");

    /* Generation counts change with each write */
    {
        uint64_t g1 = gencnt(t->s, "/a");
        uint64_t g2;

        g_assert_cmpint(wr(t->s, 0, 0, "/a", "x"), ==, 0);
        g2 = gencnt(t->s, "/a");
        g_assert_cmpint(g2, >, g1);
        g_assert_cmpint(wr(t->s, 0, 0, "/a/new", ""), ==, 0);
        g_assert_cmpint(gencnt(t->s, "/a"), >, g2);
    }
    t_free(t);
}

/* A relative path of @len characters, in short components */
static char *long_path(size_t len)
{
    char *p = g_strnfill(len, 'a');
    size_t i;

    for (i = 9; i < len - 1; i += 10) {
        p[i] = '/';
    }
    return p;
}

static void test_paths(void)
{
    T *t = t_new();
    g_autofree char *longrel = long_path(XENSTORE_REL_PATH_MAX);
    g_autofree char *longer = long_path(XENSTORE_REL_PATH_MAX + 1);
    g_autofree char *abs = g_strdup_printf("/%s", longrel);
    g_autofree char *abs2 = g_strdup_printf("/%s", longer);
    static const char *const bad[] = {
        "", "/a/", "/a//b", "//", "/a b", "/a.b", "/a\\b", "/ä", "/a/b/",
        "/a+b", "/a:b",
    };
    int i;

    for (i = 0; i < ARRAY_SIZE(bad); i++) {
        g_assert_cmpint(wr(t->s, 0, 0, bad[i], "x"), ==, EINVAL);
        g_assert_cmpint(xs_impl_mkdir(t->s, 0, 0, bad[i]), ==, EINVAL);
        check_rd_err(t->s, 0, 0, bad[i], EINVAL);
    }
    g_assert_cmpint(wr(t->s, 0, 0, "/A-Z_a-z@0-9", "x"), ==, 0);

    /* Below /local/domain/N/ a path may be path_len long... */
    g_assert_cmpint(wr(t->s, GUEST, 0, longrel, "x"), ==, 0);
    g_assert_cmpint(wr(t->s, GUEST, 0, longer, "x"), ==, EINVAL);
    /* ...elsewhere the whole path */
    g_assert_cmpint(wr(t->s, 0, 0, abs + 1, "x"), ==, 0);
    g_assert_cmpint(xs_impl_mkdir(t->s, 0, 0, abs2 + 1), ==, EINVAL);
    g_assert_cmpint(xs_impl_mkdir(t->s, 0, 0, abs2 + 2), ==, 0);
    g_assert_cmpint(strlen(abs) - 1, ==, XENSTORE_REL_PATH_MAX);
    g_assert_cmpint(wr(t->s, 0, 0, abs, "x"), ==, EINVAL);
    t_free(t);
}

static void test_perms(void)
{
    T *t = t_new();

    /* Root: domain 0's, nobody else's */
    check_perms(t->s, 0, "/", "n0");
    check_rd_err(t->s, GUEST, 0, "/", EACCES);
    g_assert_cmpint(wr(t->s, GUEST, 0, "/x", ""), ==, EACCES);

    /* Domain 0 creates: the parent's permissions; guest: it owns them */
    g_assert_cmpint(set_perms(t->s, 0, 0, HOME, "n1", "r0", "b5", NULL), ==,
                    0);
    g_assert_cmpint(wr(t->s, 0, 0, HOME "/d0/x", ""), ==, 0);
    check_perms(t->s, 0, HOME "/d0/x", "n1,r0,b5");
    g_assert_cmpint(wr(t->s, GUEST, 0, "g/x", ""), ==, 0);
    check_perms(t->s, GUEST, "g/x", "n1,r0,b5");
    g_assert_cmpint(xs_impl_mkdir(t->s, 0, 0, "/tool"), ==, 0);
    g_assert_cmpint(set_perms(t->s, 0, 0, "/tool", "r0", "w1", NULL), ==, 0);
    g_assert_cmpint(wr(t->s, GUEST, 0, "/tool/g", "x"), ==, 0);
    check_perms(t->s, 0, "/tool/g", "r1,w1");

    /* The default for those not listed, the ACL for those listed */
    g_assert_cmpint(wr(t->s, 0, 0, "/acl", "v"), ==, 0);
    g_assert_cmpint(set_perms(t->s, 0, 0, "/acl", "r0", NULL), ==, 0);
    check_rd(t->s, GUEST, 0, "/acl", "v");
    g_assert_cmpint(wr(t->s, GUEST, 0, "/acl", "w"), ==, EACCES);
    g_assert_cmpint(set_perms(t->s, 0, 0, "/acl", "b0", "n1", NULL), ==, 0);
    check_rd_err(t->s, GUEST, 0, "/acl", EACCES);
    g_assert_cmpint(set_perms(t->s, 0, 0, "/acl", "n0", "w1", NULL), ==, 0);
    check_rd_err(t->s, GUEST, 0, "/acl", EACCES);
    g_assert_cmpint(wr(t->s, GUEST, 0, "/acl", "w"), ==, 0);
    g_assert_cmpint(set_perms(t->s, 0, 0, "/acl", "n0", "b1", NULL), ==, 0);
    check_rd(t->s, GUEST, 0, "/acl", "w");
    /* Domain 0 may do anything */
    g_assert_cmpint(set_perms(t->s, 0, 0, "/acl", "n1", NULL), ==, 0);
    check_rd(t->s, 0, 0, "/acl", "w");

    /* The owner may do anything, but give the node away */
    g_assert_cmpint(set_perms(t->s, 0, 0, "/acl", "n1", NULL), ==, 0);
    check_rd(t->s, GUEST, 0, "/acl", "w");
    g_assert_cmpint(set_perms(t->s, GUEST, 0, "/acl", "r1", "b0", NULL), ==,
                    0);
    g_assert_cmpint(set_perms(t->s, GUEST, 0, "/acl", "n0", NULL), ==, EPERM);
    /* Not the owner, even with write permission */
    g_assert_cmpint(set_perms(t->s, 0, 0, "/acl", "n0", "b1", NULL), ==, 0);
    g_assert_cmpint(set_perms(t->s, GUEST, 0, "/acl", "n0", NULL), ==,
                    EACCES);

    /* Bad permissions; an owner that does not exist */
    g_assert_cmpint(set_perms(t->s, 0, 0, "/acl", "x0", NULL), ==, EINVAL);
    g_assert_cmpint(set_perms(t->s, 0, 0, "/acl", "r", NULL), ==, EINVAL);
    g_assert_cmpint(set_perms(t->s, 0, 0, "/acl", "r1x", NULL), ==, EINVAL);
    g_assert_cmpint(xs_impl_set_perms(t->s, 0, 0, "/acl", NULL), ==, EINVAL);
    g_assert_cmpint(set_perms(t->s, 0, 0, "/acl", "n7", NULL), ==, ENOENT);
    g_assert_cmpint(set_perms(t->s, 0, 0, "/acl", "n0", "r7", NULL), ==, 0);
    g_assert_cmpint(set_perms(t->s, 0, 0, "/nothere", "n0", NULL), ==,
                    ENOENT);

    /* ENOENT only if the first existing parent would let you see it */
    g_assert_cmpint(xs_impl_mkdir(t->s, 0, 0, "/hidden"), ==, 0);
    check_rd_err(t->s, GUEST, 0, "/hidden/a/b", EACCES);
    g_assert_cmpint(set_perms(t->s, 0, 0, "/hidden", "r0", NULL), ==, 0);
    check_rd_err(t->s, GUEST, 0, "/hidden/a/b", ENOENT);
    g_assert_cmpint(wr(t->s, GUEST, 0, "/hidden/a", ""), ==, EACCES);
    g_assert_cmpint(xs_impl_rm(t->s, GUEST, 0, "/hidden/a"), ==, EACCES);
    g_assert_cmpint(set_perms(t->s, 0, 0, "/hidden", "w0", NULL), ==, 0);
    g_assert_cmpint(xs_impl_rm(t->s, GUEST, 0, "/hidden/a"), ==, 0);
    g_assert_cmpint(xs_impl_rm(t->s, GUEST, 0, "/hidden/a/b"), ==, ENOENT);
    check_rd_err(t->s, GUEST, 0, "/hidden/a", EACCES);

    /* RM needs write on the node */
    g_assert_cmpint(wr(t->s, 0, 0, "/hidden/ro", ""), ==, 0);
    g_assert_cmpint(set_perms(t->s, 0, 0, "/hidden/ro", "r0", NULL), ==, 0);
    g_assert_cmpint(xs_impl_rm(t->s, GUEST, 0, "/hidden/ro"), ==, EACCES);
    t_free(t);
}

static void test_watch_api(void)
{
    T *t = t_new();
    T other = { .s = NULL };

    /* Fires once on registration, with the path as given */
    g_assert_cmpint(xs_impl_watch(t->s, 0, "/w", "tok", dom0_watch, t), ==,
                    0);
    check_dom0_events(t, "/w|tok;");
    g_assert_cmpint(xs_impl_watch(t->s, 0, "/w", "tok", dom0_watch, t), ==,
                    EEXIST);
    g_assert_cmpint(xs_impl_watch(t->s, 0, "/w", "t2", dom0_watch, t), ==,
                    0);
    check_dom0_events(t, "/w|t2;");

    /* The node and what is below it, but not beside or above */
    g_assert_cmpint(wr(t->s, 0, 0, "/w/a/b", "x"), ==, 0);
    check_dom0_events(t, "/w/a/b|tok;/w/a/b|t2;");
    g_assert_cmpint(wr(t->s, 0, 0, "/w", "x"), ==, 0);
    check_dom0_events(t, "/w|tok;/w|t2;");
    g_assert_cmpint(wr(t->s, 0, 0, "/wx", "x"), ==, 0);
    g_assert_cmpint(wr(t->s, 0, 0, "/", "x"), ==, 0);
    check_dom0_events(t, "");
    g_assert_cmpint(xs_impl_mkdir(t->s, 0, 0, "/w/a"), ==, 0);
    check_dom0_events(t, "");
    g_assert_cmpint(set_perms(t->s, 0, 0, "/w/a", "n0", NULL), ==, 0);
    check_dom0_events(t, "/w/a|tok;/w/a|t2;");

    g_assert_cmpint(xs_impl_unwatch(t->s, 0, "/w", "t2", dom0_watch, t), ==,
                    0);
    g_assert_cmpint(xs_impl_unwatch(t->s, 0, "/w", "t2", dom0_watch, t), ==,
                    ENOENT);
    g_assert_cmpint(xs_impl_unwatch(t->s, 0, "/w", "tok", dom0_watch, NULL),
                    ==, ENOENT);

    /* RM: watches on the removed node, above it and below it fire */
    g_assert_cmpint(xs_impl_watch(t->s, 0, "/w/a/b", "deep", dom0_watch, t),
                    ==, 0);
    g_assert_cmpint(xs_impl_watch(t->s, 0, "/w/a/b/c", "none", dom0_watch,
                                  t), ==, 0);
    check_dom0_events(t, "/w/a/b|deep;/w/a/b/c|none;");
    g_assert_cmpint(wr(t->s, 0, 0, "/w/a/b2", ""), ==, 0);
    check_dom0_events(t, "/w/a/b2|tok;");
    g_assert_cmpint(xs_impl_rm(t->s, 0, 0, "/w/a"), ==, 0);
    /* Below the removed node only exact watches fire (xenstored) */
    check_dom0_events(t, "/w/a/b|deep;/w/a|tok;");
    g_assert_cmpint(xs_impl_rm(t->s, 0, 0, "/w/a"), ==, 0);
    check_dom0_events(t, "");

    /* Reset: all of a client's watches, not another client's */
    other.dom0_events = g_string_new(NULL);
    g_assert_cmpint(xs_impl_watch(t->s, 0, "/w", "other", dom0_watch,
                                  &other), ==, 0);
    g_assert_cmpint(xs_impl_reset_watches(t->s, 0, t), ==, 0);
    g_assert_cmpint(xs_impl_unwatch(t->s, 0, "/w", "tok", dom0_watch, t), ==,
                    ENOENT);
    g_assert_cmpint(wr(t->s, 0, 0, "/w", "x"), ==, 0);
    g_assert_cmpstr(other.dom0_events->str, ==, "/w|other;/w|other;");
    g_string_free(other.dom0_events, true);
    g_assert_cmpint(xs_impl_unwatch(t->s, 0, "/w", "other", dom0_watch,
                                    &other), ==, 0);

    /* Bad paths */
    g_assert_cmpint(xs_impl_watch(t->s, 0, "/w/", "x", dom0_watch, t), ==,
                    EINVAL);
    g_assert_cmpint(xs_impl_watch(t->s, 0, "", "x", dom0_watch, t), ==,
                    EINVAL);
    check_dom0_events(t, "");

    /* Relative watches report relative paths */
    g_assert_cmpint(xs_impl_watch(t->s, GUEST, "dev", "r", dom0_watch, t),
                    ==, 0);
    check_dom0_events(t, "dev|r;");
    g_assert_cmpint(wr(t->s, 0, 0, HOME "/dev/vif", "x"), ==, 0);
    check_dom0_events(t, "dev/vif|r;");
    g_assert_cmpint(xs_impl_watch(t->s, GUEST, HOME "/dev", "a", dom0_watch,
                                  t), ==, 0);
    check_dom0_events(t, HOME "/dev|a;");
    g_assert_cmpint(xs_impl_unwatch(t->s, GUEST, HOME "/dev", "r",
                                    dom0_watch, t), ==, 0);
    g_assert_cmpint(wr(t->s, 0, 0, HOME "/dev/vif", "y"), ==, 0);
    check_dom0_events(t, HOME "/dev/vif|a;");
    t_free(t);
}

static void test_watch_special(void)
{
    T *t = t_new();

    g_assert_cmpint(xs_impl_watch(t->s, 0, "@introduceDomain", "i",
                                  dom0_watch, t), ==, 0);
    g_assert_cmpint(xs_impl_watch(t->s, 0, "@releaseDomain", "r",
                                  dom0_watch, t), ==, 0);
    g_assert_cmpint(xs_impl_watch(t->s, 0, "/", "root", dom0_watch, t), ==,
                    0);
    g_assert_cmpint(xs_impl_watch(t->s, 0, "@other", "o", dom0_watch, t), ==,
                    0);
    check_dom0_events(t, "@introduceDomain|i;@releaseDomain|r;/|root;"
                      "@other|o;");
    xs_impl_fire_special(t->s, "@releaseDomain");
    check_dom0_events(t, "@releaseDomain|r;");
    xs_impl_fire_special(t->s, "@introduceDomain");
    check_dom0_events(t, "@introduceDomain|i;");
    xs_impl_fire_special(t->s, "@other");
    check_dom0_events(t, "");
    /* Writes do not fire special watches */
    g_assert_cmpint(wr(t->s, 0, 0, "/x", ""), ==, 0);
    check_dom0_events(t, "/x|root;");

    /* Guests only get them if allowed to read the special path */
    g_assert_cmpint(xs_impl_watch(t->s, GUEST, "@releaseDomain", "g",
                                  dom0_watch, t), ==, 0);
    check_dom0_events(t, "@releaseDomain|g;");
    xs_impl_fire_special(t->s, "@releaseDomain");
    check_dom0_events(t, "@releaseDomain|r;");
    g_assert_cmpint(set_perms(t->s, GUEST, 0, "@releaseDomain", "r1", NULL),
                    ==, EACCES);
    g_assert_cmpint(set_perms(t->s, 0, 0, "@releaseDomain", "n0", "r1",
                              NULL), ==, 0);
    g_assert_cmpint(set_perms(t->s, 0, 0, "@nonsuch", "n0", NULL), ==,
                    EINVAL);
    xs_impl_fire_special(t->s, "@releaseDomain");
    check_dom0_events(t, "@releaseDomain|r;@releaseDomain|g;");
    t_free(t);
}

static void test_watch_perms(void)
{
    T *t = t_new();

    g_assert_cmpint(xs_impl_mkdir(t->s, 0, 0, "/p"), ==, 0);
    g_assert_cmpint(xs_impl_watch(t->s, GUEST, "/p", "g", dom0_watch, t), ==,
                    0);
    check_dom0_events(t, "/p|g;");

    /* Neither the node nor its parent readable: nothing */
    g_assert_cmpint(wr(t->s, 0, 0, "/p/a", "x"), ==, 0);
    check_dom0_events(t, "");
    /* The node readable */
    g_assert_cmpint(set_perms(t->s, 0, 0, "/p/a", "n0", "r1", NULL), ==, 0);
    check_dom0_events(t, "/p/a|g;");
    g_assert_cmpint(wr(t->s, 0, 0, "/p/a", "y"), ==, 0);
    check_dom0_events(t, "/p/a|g;");
    /* Losing permission: the event still comes (old permissions) */
    g_assert_cmpint(set_perms(t->s, 0, 0, "/p/a", "n0", NULL), ==, 0);
    check_dom0_events(t, "/p/a|g;");
    g_assert_cmpint(wr(t->s, 0, 0, "/p/a", "z"), ==, 0);
    check_dom0_events(t, "");
    /* The parent readable */
    g_assert_cmpint(set_perms(t->s, 0, 0, "/p", "r0", NULL), ==, 0);
    check_dom0_events(t, "/p|g;");
    g_assert_cmpint(wr(t->s, 0, 0, "/p/a", "z"), ==, 0);
    check_dom0_events(t, "/p/a|g;");
    g_assert_cmpint(wr(t->s, 0, 0, "/p/a/b", "z"), ==, 0);
    check_dom0_events(t, "");
    t_free(t);
}

static void test_transaction_api(void)
{
    T *t = t_new();
    XsTransaction tx, tx2;

    g_assert_cmpint(wr(t->s, 0, 0, "/t/a", "1"), ==, 0);
    g_assert_cmpint(xs_impl_watch(t->s, 0, "/t", "w", dom0_watch, t), ==, 0);
    check_dom0_events(t, "/t|w;");

    /* Own view; nothing outside before commit; watches at commit */
    g_assert_cmpint(xs_impl_transaction_start(t->s, 0, &tx), ==, 0);
    g_assert_cmpint(tx, !=, 0);
    g_assert_cmpint(wr(t->s, 0, tx, "/t/a", "2"), ==, 0);
    g_assert_cmpint(wr(t->s, 0, tx, "/t/b/c", "3"), ==, 0);
    g_assert_cmpint(xs_impl_rm(t->s, 0, tx, "/t/a"), ==, 0);
    check_rd_err(t->s, 0, tx, "/t/a", ENOENT);
    check_rd(t->s, 0, tx, "/t/b/c", "3");
    check_rd(t->s, 0, 0, "/t/a", "1");
    check_rd_err(t->s, 0, 0, "/t/b", ENOENT);
    check_dir(t->s, 0, tx, "/t", "b");
    check_dom0_events(t, "");
    g_assert_cmpint(xs_impl_transaction_end(t->s, 0, tx, true), ==, 0);
    check_dom0_events(t, "/t/a|w;/t/b/c|w;");
    check_rd_err(t->s, 0, 0, "/t/a", ENOENT);
    check_rd(t->s, 0, 0, "/t/b/c", "3");
    check_dir(t->s, 0, 0, "/t", "b");
    /* Gone after the end */
    g_assert_cmpint(xs_impl_transaction_end(t->s, 0, tx, true), ==, ENOENT);
    check_rd_err(t->s, 0, tx, "/t", ENOENT);

    /* Abort leaves nothing */
    g_assert_cmpint(xs_impl_transaction_start(t->s, 0, &tx), ==, 0);
    g_assert_cmpint(wr(t->s, 0, tx, "/t/x", "1"), ==, 0);
    g_assert_cmpint(xs_impl_transaction_end(t->s, 0, tx, false), ==, 0);
    check_rd_err(t->s, 0, 0, "/t/x", ENOENT);
    check_dom0_events(t, "");

    /* Conflict: what the transaction read changed */
    g_assert_cmpint(xs_impl_transaction_start(t->s, 0, &tx), ==, 0);
    check_rd(t->s, 0, tx, "/t/b/c", "3");
    g_assert_cmpint(wr(t->s, 0, tx, "/t/y", "1"), ==, 0);
    g_assert_cmpint(wr(t->s, 0, 0, "/t/b/c", "4"), ==, 0);
    check_dom0_events(t, "/t/b/c|w;");
    g_assert_cmpint(xs_impl_transaction_end(t->s, 0, tx, true), ==, EAGAIN);
    check_rd_err(t->s, 0, 0, "/t/y", ENOENT);
    check_dom0_events(t, "");

    /* Also for a node it found missing that appeared since */
    g_assert_cmpint(xs_impl_transaction_start(t->s, 0, &tx), ==, 0);
    check_rd_err(t->s, 0, tx, "/t/new", ENOENT);
    g_assert_cmpint(wr(t->s, 0, 0, "/t/new", "x"), ==, 0);
    check_dom0_events(t, "/t/new|w;");
    g_assert_cmpint(xs_impl_transaction_end(t->s, 0, tx, true), ==, EAGAIN);

    /* No conflict from changes to what it did not touch */
    g_assert_cmpint(xs_impl_transaction_start(t->s, 0, &tx), ==, 0);
    g_assert_cmpint(xs_impl_transaction_start(t->s, 0, &tx2), ==, 0);
    g_assert_cmpint(tx2, !=, tx);
    check_rd(t->s, 0, tx, "/t/b/c", "4");
    g_assert_cmpint(wr(t->s, 0, 0, "/t/other", "x"), ==, 0);
    g_assert_cmpint(wr(t->s, 0, tx2, "/t/b/c", "5"), ==, 0);
    check_dom0_events(t, "/t/other|w;");
    g_assert_cmpint(xs_impl_transaction_end(t->s, 0, tx, true), ==, 0);
    /* ... and a transaction's commit conflicts with another's */
    g_assert_cmpint(xs_impl_transaction_end(t->s, 0, tx2, false), ==, 0);

    /* Transactions belong to their domain */
    g_assert_cmpint(xs_impl_transaction_start(t->s, GUEST, &tx), ==, 0);
    check_rd_err(t->s, 0, tx, "/t", ENOENT);
    g_assert_cmpint(wr(t->s, 0, tx, "/t/z", ""), ==, ENOENT);
    g_assert_cmpint(xs_impl_transaction_end(t->s, 0, tx, true), ==, ENOENT);
    g_assert_cmpint(xs_impl_transaction_end(t->s, GUEST, tx, true), ==, 0);
    g_assert_cmpint(xs_impl_transaction_end(t->s, 0, 12345, true), ==,
                    ENOENT);
    g_assert_cmpint(xs_impl_transaction_end(t->s, 0, 0, true), ==, ENOENT);

    /* Reset of a client ends its transactions */
    g_assert_cmpint(xs_impl_transaction_start(t->s, 0, &tx), ==, 0);
    g_assert_cmpint(xs_impl_reset_watches(t->s, 0, NULL), ==, 0);
    g_assert_cmpint(xs_impl_transaction_end(t->s, 0, tx, true), ==, ENOENT);
    t_free(t);
}

static void test_transaction_wire(void)
{
    T *t = t_new();
    XsTransaction tx, tx2;

    ok(t, XS_WATCH, 0, P("data\0w"));
    check_events(t, "data|w;");
    ok(t, XS_WRITE, 0, PN("data/a\0001"));
    check_events(t, "data/a|w;");

    tx = tx_start(t);
    g_assert_cmpint(tx, !=, 0);
    /* No nesting */
    err(t, XS_TRANSACTION_START, tx, P(""), "EBUSY");
    ok(t, XS_WRITE, tx, PN("data/a\0002"));
    ok(t, XS_WRITE, tx, PN("data/b\0003"));
    expect(t, XS_READ, tx, P("data/a"), XS_READ, PN("2"));
    expect(t, XS_READ, 0, P("data/a"), XS_READ, PN("1"));
    err(t, XS_READ, 0, P("data/b"), "ENOENT");
    check_events(t, "");
    err(t, XS_TRANSACTION_END, tx, P("X"), "EINVAL");
    err(t, XS_TRANSACTION_END, tx, PN("T"), "EINVAL");
    ok(t, XS_TRANSACTION_END, tx, P("T"));
    check_events(t, "data/a|w;data/b|w;");
    expect(t, XS_READ, 0, P("data/b"), XS_READ, PN("3"));
    err(t, XS_READ, tx, P("data/a"), "ENOENT");
    err(t, XS_TRANSACTION_END, tx, P("T"), "ENOENT");
    err(t, XS_TRANSACTION_END, 0, P("T"), "ENOENT");

    /* Conflict with domain 0 */
    tx = tx_start(t);
    expect(t, XS_READ, tx, P("data/a"), XS_READ, PN("2"));
    g_assert_cmpint(wr(t->s, 0, 0, HOME "/data/a", "9"), ==, 0);
    check_async_events(t, "data/a|w;");
    ok(t, XS_WRITE, tx, PN("data/c\0003"));
    err(t, XS_TRANSACTION_END, tx, P("T"), "EAGAIN");
    err(t, XS_READ, 0, P("data/c"), "ENOENT");
    check_events(t, "");

    /* Domain 0's transactions are not the guest's */
    g_assert_cmpint(xs_impl_transaction_start(t->s, 0, &tx2), ==, 0);
    err(t, XS_READ, tx2, P("data/a"), "ENOENT");
    g_assert_cmpint(xs_impl_transaction_end(t->s, 0, tx2, false), ==, 0);

    /* Abort; RESET_WATCHES ends transactions too */
    tx = tx_start(t);
    ok(t, XS_WRITE, tx, PN("data/d\0001"));
    ok(t, XS_TRANSACTION_END, tx, P("F"));
    err(t, XS_READ, 0, P("data/d"), "ENOENT");
    tx = tx_start(t);
    ok(t, XS_RESET_WATCHES, 0, P(""));
    err(t, XS_TRANSACTION_END, tx, P("T"), "ENOENT");
    ok(t, XS_WRITE, 0, PN("data/a\0001"));
    check_events(t, "");
    t_free(t);
}

static void test_wire_ops(void)
{
    T *t = t_new();
    g_autoptr(GByteArray) ans = g_byte_array_new();
    struct xsd_sockmsg h;

    ok(t, XS_WRITE, 0, PN("a\0hello"));
    expect(t, XS_READ, 0, P("a"), XS_READ, PN("hello"));
    expect(t, XS_READ, 0, P(HOME "/a"), XS_READ, PN("hello"));
    ok(t, XS_WRITE, 0, PN("bin\0\0\001\0"));
    expect(t, XS_READ, 0, P("bin"), XS_READ, PN("\0\001\0"));
    ok(t, XS_WRITE, 0, PN("empty\0"));
    expect(t, XS_READ, 0, P("empty"), XS_READ, PN(""));
    ok(t, XS_MKDIR, 0, P("m/n"));
    ok(t, XS_MKDIR, 0, P("m/n"));
    expect(t, XS_DIRECTORY, 0, P("m"), XS_DIRECTORY, P("n"));
    expect(t, XS_DIRECTORY, 0, P(""), XS_ERROR, P("EINVAL"));
    expect(t, XS_DIRECTORY, 0, P(HOME), XS_DIRECTORY,
           P("a\0bin\0empty\0m"));
    expect(t, XS_DIRECTORY, 0, P("m/n"), XS_DIRECTORY, PN(""));
    expect(t, XS_GET_PERMS, 0, P("a"), XS_GET_PERMS, P("n1"));
    ok(t, XS_SET_PERMS, 0, P("a\0n1\0r0\0b5"));
    expect(t, XS_GET_PERMS, 0, P("a"), XS_GET_PERMS, P("n1\0r0\0b5"));
    err(t, XS_SET_PERMS, 0, P("a\0n0"), "EPERM");
    err(t, XS_SET_PERMS, 0, P("a"), "EINVAL");
    err(t, XS_SET_PERMS, 0, P("a\0q1"), "EINVAL");
    err(t, XS_SET_PERMS, 0, P("a\0n1\0r\0"), "EINVAL");
    err(t, XS_SET_PERMS, 0, P("a\0n9"), "ENOENT");
    err(t, XS_SET_PERMS, 0, P("@releaseDomain\0n1"), "EACCES");
    ok(t, XS_RM, 0, P("m"));
    err(t, XS_READ, 0, P("m/n"), "ENOENT");
    ok(t, XS_RM, 0, P("m"));
    err(t, XS_RM, 0, P("m/n"), "ENOENT");
    err(t, XS_RM, 0, P("/"), "EACCES");
    err(t, XS_WRITE, 0, P("/x\0"), "EACCES");
    err(t, XS_READ, 0, P("/local/domain/0"), "EACCES");
    err(t, XS_READ, 0, P("nothere/x"), "ENOENT");

    /* Payload syntax */
    err(t, XS_READ, 0, PN("a"), "EINVAL");
    err(t, XS_READ, 0, P("a\0b"), "EINVAL");
    err(t, XS_READ, 0, PN(""), "EINVAL");
    err(t, XS_MKDIR, 0, PN("x"), "EINVAL");
    err(t, XS_RM, 0, PN("x"), "EINVAL");
    err(t, XS_GET_PERMS, 0, PN("x"), "EINVAL");
    err(t, XS_DIRECTORY, 0, PN("x"), "EINVAL");
    err(t, XS_WRITE, 0, PN("x"), "EINVAL");
    err(t, XS_WRITE, 0, PN("bad/\0x"), "EINVAL");
    err(t, XS_READ, 0, P("a b"), "EINVAL");

    /* Domain paths; domain 0's operations */
    expect(t, XS_GET_DOMAIN_PATH, 0, P("7"), XS_GET_DOMAIN_PATH,
           P("/local/domain/7"));
    expect(t, XS_GET_DOMAIN_PATH, 0, P("x"), XS_GET_DOMAIN_PATH,
           P("/local/domain/0"));
    err(t, XS_GET_DOMAIN_PATH, 0, PN("7"), "EINVAL");
    err(t, XS_IS_DOMAIN_INTRODUCED, 0, P("1"), "EACCES");
    err(t, XS_INTRODUCE, 0, P("1\0002\0003"), "EACCES");
    err(t, XS_RELEASE, 0, P("1"), "EACCES");
    err(t, XS_RESUME, 0, P("1"), "EACCES");
    err(t, XS_SET_TARGET, 0, P("1\0002"), "EACCES");
    err(t, XS_CONTROL, 0, P("check"), "EACCES");
    /* Unknown or answer-only types */
    err(t, XS_WATCH_EVENT, 0, P("a\0b"), "ENOSYS");
    err(t, XS_ERROR, 0, P("a"), "ENOSYS");
    err(t, 20, 0, P("a"), "ENOSYS");
    err(t, XS_TYPE_COUNT, 0, P("a"), "ENOSYS");
    err(t, 0x12345678, 0, P("a"), "ENOSYS");
    /* A transaction that is not there */
    err(t, XS_READ, 77, P("a"), "ENOENT");
    err(t, XS_WRITE, 77, PN("a\0x"), "ENOENT");

    /* Watches */
    ok(t, XS_WATCH, 0, P("a\0tok"));
    check_events(t, "a|tok;");
    err(t, XS_WATCH, 0, P("a\0tok"), "EEXIST");
    err(t, XS_WATCH, 0, P(HOME "/a\0tok"), "EEXIST");
    err(t, XS_WATCH, 0, P("a"), "EINVAL");
    err(t, XS_WATCH, 0, P("a\0b\0c"), "EINVAL");
    err(t, XS_WATCH, 0, P("a/\0b"), "EINVAL");
    ok(t, XS_WATCH, 0, P(HOME "/a\0abs"));
    check_events(t, HOME "/a|abs;");
    /* The events of a request come before its answer */
    ok(t, XS_WRITE, 0, PN("a/b\0x"));
    check_events(t, "a/b|tok;" HOME "/a/b|abs;");
    /* WATCH ignores the transaction id */
    ok(t, XS_UNWATCH, 99, P("a\0tok"));
    err(t, XS_UNWATCH, 0, P("a\0tok"), "ENOENT");
    err(t, XS_UNWATCH, 0, P("a"), "EINVAL");
    ok(t, XS_WATCH, 99, P("@releaseDomain\0rel"));
    check_events(t, "@releaseDomain|rel;");
    ok(t, XS_RESET_WATCHES, 0, P(""));
    ok(t, XS_WRITE, 0, PN("a/b\0y"));
    check_events(t, "");
    err(t, XS_RESET_WATCHES, 5, P(""), "ENOENT");

    /* Events from domain 0 come on their own and notify */
    ok(t, XS_WATCH, 0, P("a\0tok"));
    check_events(t, "a|tok;");
    g_assert_cmpint(t->notified, ==, 0);
    g_assert_cmpint(wr(t->s, 0, 0, HOME "/a/c", "x"), ==, 0);
    g_assert_cmpint(t->notified, ==, 1);
    g_assert_true(drain(t, &h, ans) == false);
    check_events(t, "a/c|tok;");

    /* Identical pending events are dropped, special ones are not */
    g_assert_cmpint(wr(t->s, 0, 0, HOME "/a/c", "y"), ==, 0);
    g_assert_cmpint(wr(t->s, 0, 0, HOME "/a/c", "z"), ==, 0);
    g_assert_cmpint(wr(t->s, 0, 0, HOME "/a/d", "z"), ==, 0);
    check_async_events(t, "a/c|tok;a/d|tok;");
    g_assert_cmpint(set_perms(t->s, 0, 0, "@introduceDomain", "r1", NULL), ==,
                    0);
    ok(t, XS_WATCH, 0, P("@introduceDomain\0i"));
    xs_impl_fire_special(t->s, "@introduceDomain");
    xs_impl_fire_special(t->s, "@introduceDomain");
    check_async_events(t, "@introduceDomain|i;@introduceDomain|i;"
                       "@introduceDomain|i;");
    t_free(t);
}

static void test_directory_part(void)
{
    T *t = t_new();
    g_autoptr(GByteArray) ans = g_byte_array_new();
    g_autoptr(GString) all = g_string_new(NULL);
    g_autoptr(GString) got = g_string_new(NULL);
    char req[64];
    uint64_t gen = 0;
    uint32_t off = 0;
    int i, parts = 0;

    for (i = 0; i < 300; i++) {
        g_autofree char *p = g_strdup_printf(HOME "/big/child-with-a-long-"
                                             "name-%04d", i);
        g_assert_cmpint(xs_impl_mkdir(t->s, 0, 0, p), ==, 0);
        g_string_append_printf(all, "child-with-a-long-name-%04d", i);
        g_string_append_c(all, 0);
    }
    /* Too big for DIRECTORY */
    err(t, XS_DIRECTORY, 0, P("big"), "E2BIG");

    for (;;) {
        size_t len = snprintf(req, sizeof(req), "big%c%u", 0, off) + 1;
        const char *data;
        size_t glen;

        g_assert_cmpint(call(t, XS_DIRECTORY_PART, 0, (Pl){ req, len }, ans),
                        ==,
                        XS_DIRECTORY_PART);
        g_assert_cmpint(ans->len, <=, XENSTORE_PAYLOAD_MAX);
        data = (const char *)ans->data;
        glen = strlen(data) + 1;
        if (!parts) {
            gen = g_ascii_strtoull(data, NULL, 10);
        }
        g_assert_cmpint(g_ascii_strtoull(data, NULL, 10), ==, gen);
        parts++;
        g_string_append_len(got, data + glen, ans->len - glen);
        off += ans->len - glen;
        if (ans->len - glen && !ans->data[ans->len - 1] &&
            ans->len >= glen + 2 && !ans->data[ans->len - 2]) {
            /* The list ends with an empty string */
            g_string_truncate(got, got->len - 1);
            break;
        }
        g_assert_cmpint(parts, <, 10);
    }
    g_assert_cmpint(parts, >, 1);
    g_assert_cmpmem(got->str, got->len, all->str, all->len);

    /* Offset at or past the end: the generation and an empty string */
    {
        g_autofree char *want = g_strdup_printf("%" PRIu64 "%c", gen, 0);
        size_t len = snprintf(req, sizeof(req), "big%c%u", 0, off) + 1;

        expect(t, XS_DIRECTORY_PART, 0, (Pl){ req, len }, XS_DIRECTORY_PART,
               (Pl){ want, strlen(want) + 2 });
    }
    err(t, XS_DIRECTORY_PART, 0, P("big"), "EINVAL");
    err(t, XS_DIRECTORY_PART, 0, P("big\0000\0"), "EINVAL");
    err(t, XS_DIRECTORY_PART, 0, P("nothere\0000"), "ENOENT");

    /* A change between parts shows in the generation */
    g_assert_cmpint(call(t, XS_DIRECTORY_PART, 0, P("big\0000"), ans), ==,
                    XS_DIRECTORY_PART);
    g_assert_cmpint(g_ascii_strtoull((char *)ans->data, NULL, 10), ==, gen);
    g_assert_cmpint(xs_impl_mkdir(t->s, 0, 0, HOME "/big/new"), ==, 0);
    g_assert_cmpint(call(t, XS_DIRECTORY_PART, 0, P("big\0000"), ans), ==,
                    XS_DIRECTORY_PART);
    g_assert_cmpint(g_ascii_strtoull((char *)ans->data, NULL, 10), !=, gen);
    t_free(t);
}

static void test_wire_split(void)
{
    /* Two messages in one buffer, fed at every split point */
    static const struct xsd_sockmsg h1 = { XS_WRITE, 1, 0, 7 };
    static const struct xsd_sockmsg h2 = { XS_READ, 2, 0, 2 };
    static const uint8_t ack[] = {
        XS_WRITE, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 'O', 'K', 0,
        XS_READ, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0,
        'h', 'e', 'l', 'l', 'o',
    };
    uint8_t buf[16 + 7 + 16 + 2];
    size_t len = sizeof(buf);
    size_t i, j;

    memcpy(buf, &h1, 16);
    memcpy(buf + 16, "a\0hello", 7);
    memcpy(buf + 23, &h2, 16);
    memcpy(buf + 39, "a", 2);

    for (i = 0; i <= len; i++) {
        T *t = t_new();
        uint8_t out[64];
        size_t n = 0;

        g_assert_cmpint(xs_conn_write(t->c, buf, i), ==, i);
        g_assert_cmpint(xs_conn_write(t->c, buf + i, len - i), ==, len - i);
        /* ...and read back at every split point too */
        n = xs_conn_read(t->c, out, i % sizeof(ack));
        n += xs_conn_read(t->c, out + n, sizeof(out) - n);
        g_assert_cmpmem(out, n, ack, sizeof(ack));
        g_assert_false(xs_conn_has_output(t->c));
        t_free(t);
    }
    /* Byte by byte */
    {
        T *t = t_new();
        uint8_t out[64];
        size_t n = 0;

        for (j = 0; j < len; j++) {
            g_assert_cmpint(xs_conn_write(t->c, buf + j, 1), ==, 1);
        }
        for (j = 0; j < sizeof(ack); j++) {
            n += xs_conn_read(t->c, out + n, 1);
        }
        g_assert_cmpint(xs_conn_read(t->c, out + n, 1), ==, 0);
        g_assert_cmpmem(out, n, ack, sizeof(ack));
        t_free(t);
    }
}

static void test_wire_oversize(void)
{
    T *t = t_new();
    struct xsd_sockmsg h = { XS_READ, 1, 0, XENSTORE_PAYLOAD_MAX + 1 };
    struct xsd_sockmsg max = { XS_WRITE, 2, 0, XENSTORE_PAYLOAD_MAX };
    g_autofree char *big = g_malloc0(XENSTORE_PAYLOAD_MAX + 16);

    ok(t, XS_WATCH, 0, P("a\0tok"));
    check_events(t, "a|tok;");
    ok(t, XS_WRITE, 0, PN("x\0y"));
    /* Something queued that the error throws away */
    send_msg(t, XS_READ, 0, P("x"));
    g_assert_true(xs_conn_has_output(t->c));
    g_assert_cmpint(xs_conn_error(t->c), ==, XENSTORE_ERROR_NONE);

    g_assert_cmpint(xs_conn_write(t->c, &h, 8), ==, 8);
    g_assert_cmpint(xs_conn_error(t->c), ==, XENSTORE_ERROR_NONE);
    g_assert_cmpint(xs_conn_write(t->c, (char *)&h + 8, 8), ==, 8);
    g_assert_cmpint(xs_conn_error(t->c), ==, XENSTORE_ERROR_PROTO);
    g_assert_false(xs_conn_has_output(t->c));
    g_assert_cmpint(xs_conn_write(t->c, "x", 2), ==, 0);
    /* Its watches are gone */
    g_assert_cmpint(wr(t->s, 0, 0, HOME "/a", "1"), ==, 0);
    g_assert_false(xs_conn_has_output(t->c));

    xs_conn_reset(t->c);
    g_assert_cmpint(xs_conn_error(t->c), ==, XENSTORE_ERROR_NONE);
    expect(t, XS_READ, 0, P("x"), XS_READ, PN("y"));

    /* The largest payload is fine */
    strcpy(big, "big");
    g_assert_cmpint(xs_conn_write(t->c, &max, sizeof(max)), ==, sizeof(max));
    g_assert_cmpint(xs_conn_write(t->c, big, XENSTORE_PAYLOAD_MAX), ==,
                    XENSTORE_PAYLOAD_MAX);
    g_assert_cmpint(xs_conn_error(t->c), ==, XENSTORE_ERROR_NONE);
    t->req_id = 2;
    {
        g_autoptr(GByteArray) ans = g_byte_array_new();

        g_assert_true(drain(t, &h, ans));
        g_assert_cmpint(h.type, ==, XS_ERROR);  /* node too big */
        g_assert_cmpstr((char *)ans->data, ==, "ENOSPC");
    }
    t_free(t);
}

static void test_quota_nodes(void)
{
    XsQuota q = quota();
    T *t;
    XsTransaction tx;
    int i;

    q.nodes = 10;
    t = t_new_q(&q);
    g_assert_cmpint(xs_impl_mkdir(t->s, 0, 0, HOME), ==, 0);
    g_assert_cmpint(set_perms(t->s, 0, 0, HOME, "n1", NULL), ==, 0);
    /* The home counts: 1; nine more */
    for (i = 0; i < 8; i++) {
        g_autofree char *p = g_strdup_printf("n%d", i);

        g_assert_cmpint(wr(t->s, GUEST, 0, p, ""), ==, 0);
    }
    /* Two at once would be 11 */
    g_assert_cmpint(wr(t->s, GUEST, 0, "x/y", ""), ==, ENOSPC);
    check_rd_err(t->s, GUEST, 0, "x", ENOENT);
    g_assert_cmpint(wr(t->s, GUEST, 0, "x", ""), ==, 0);
    g_assert_cmpint(wr(t->s, GUEST, 0, "y", ""), ==, ENOSPC);
    g_assert_cmpint(xs_impl_mkdir(t->s, GUEST, 0, "y"), ==, ENOSPC);
    /* Rewriting is fine, domain 0 is not limited, even for the guest */
    g_assert_cmpint(wr(t->s, GUEST, 0, "x", "v"), ==, 0);
    g_assert_cmpint(wr(t->s, 0, 0, HOME "/d0", ""), ==, 0);
    g_assert_cmpint(wr(t->s, GUEST, 0, "y", ""), ==, ENOSPC);
    /* Removing frees */
    g_assert_cmpint(xs_impl_rm(t->s, GUEST, 0, "d0"), ==, 0);
    g_assert_cmpint(xs_impl_rm(t->s, GUEST, 0, "x"), ==, 0);
    g_assert_cmpint(wr(t->s, GUEST, 0, "y", ""), ==, 0);

    /* In a transaction: the count at commit must stay below the quota */
    g_assert_cmpint(xs_impl_rm(t->s, GUEST, 0, "y"), ==, 0);
    g_assert_cmpint(xs_impl_rm(t->s, GUEST, 0, "n7"), ==, 0);
    g_assert_cmpint(xs_impl_transaction_start(t->s, GUEST, &tx), ==, 0);
    g_assert_cmpint(wr(t->s, GUEST, tx, "t1", ""), ==, 0);
    g_assert_cmpint(wr(t->s, GUEST, tx, "t2", ""), ==, 0);
    g_assert_cmpint(xs_impl_transaction_end(t->s, GUEST, tx, true), ==,
                    ENOSPC);
    g_assert_cmpint(xs_impl_transaction_start(t->s, GUEST, &tx), ==, 0);
    g_assert_cmpint(wr(t->s, GUEST, tx, "t1", ""), ==, 0);
    g_assert_cmpint(xs_impl_transaction_end(t->s, GUEST, tx, true), ==, 0);
    check_rd(t->s, GUEST, 0, "t1", "");
    t_free(t);
}

static void test_quota_node_size(void)
{
    XsQuota q = quota();
    T *t;
    g_autofree char *v = NULL;
    XsTransaction tx;
    size_t max;

    q.node_size = 200;
    t = t_new_q(&q);
    g_assert_cmpint(xs_impl_mkdir(t->s, 0, 0, HOME), ==, 0);
    g_assert_cmpint(set_perms(t->s, 0, 0, HOME, "n1", NULL), ==, 0);
    /* 24 + 8 per permission + value + children: below the quota */
    max = 200 - 24 - 8 - 1;
    v = g_strnfill(max + 1, 'v');
    g_assert_cmpint(wr(t->s, GUEST, 0, "a", v), ==, ENOSPC);
    check_rd_err(t->s, GUEST, 0, "a", ENOENT);
    v[max] = 0;
    g_assert_cmpint(wr(t->s, GUEST, 0, "a", v), ==, 0);
    g_assert_cmpint(wr(t->s, 0, 0, HOME "/a", v), ==, 0);
    /* More permissions make it too big */
    g_assert_cmpint(set_perms(t->s, GUEST, 0, "a", "n1", "r0", NULL), ==,
                    ENOSPC);
    /* A child makes it too big */
    g_assert_cmpint(wr(t->s, GUEST, 0, "a/b", ""), ==, ENOSPC);
    check_rd_err(t->s, GUEST, 0, "a/b", ENOENT);
    /* Domain 0 is not limited */
    v[max] = 'v';
    g_assert_cmpint(wr(t->s, 0, 0, HOME "/a", v), ==, 0);
    g_assert_cmpint(wr(t->s, 0, 0, HOME "/a/b", v), ==, 0);
    /* In a transaction, it fails the transaction */
    g_assert_cmpint(xs_impl_transaction_start(t->s, GUEST, &tx), ==, 0);
    g_assert_cmpint(wr(t->s, GUEST, tx, "c", v), ==, ENOSPC);
    g_assert_cmpint(wr(t->s, GUEST, tx, "d", ""), ==, 0);
    g_assert_cmpint(xs_impl_transaction_end(t->s, GUEST, tx, true), ==,
                    ENOMEM);
    check_rd_err(t->s, GUEST, 0, "d", ENOENT);
    t_free(t);
}

static void test_quota_watches(void)
{
    XsQuota q = quota();
    T *t;
    int i;

    q.watches = 3;
    t = t_new_q(&q);
    /* xenstored checks "> quota" before adding: quota + 1 */
    for (i = 0; i < 4; i++) {
        g_autofree char *tok = g_strdup_printf("%d", i);

        g_assert_cmpint(xs_impl_watch(t->s, GUEST, "a", tok, dom0_watch, t),
                        ==, 0);
    }
    g_assert_cmpint(xs_impl_watch(t->s, GUEST, "a", "x", dom0_watch, t), ==,
                    E2BIG);
    g_assert_cmpint(xs_impl_watch(t->s, 0, "a", "x", dom0_watch, t), ==, 0);
    g_assert_cmpint(xs_impl_unwatch(t->s, GUEST, "a", "0", dom0_watch, t),
                    ==, 0);
    g_assert_cmpint(xs_impl_watch(t->s, GUEST, "a", "x", dom0_watch, t), ==,
                    0);
    err(t, XS_WATCH, 0, P("a\0y"), "E2BIG");
    t_free(t);
}

static void test_quota_transactions(void)
{
    XsQuota q = quota();
    XsTransaction tx[8];
    T *t;
    int i;

    q.transactions = 3;
    t = t_new_q(&q);
    /* xenstored checks "> quota" before adding: quota + 1 */
    for (i = 0; i < 4; i++) {
        g_assert_cmpint(xs_impl_transaction_start(t->s, GUEST, &tx[i]), ==,
                        0);
    }
    g_assert_cmpint(xs_impl_transaction_start(t->s, GUEST, &tx[4]), ==,
                    ENOSPC);
    err(t, XS_TRANSACTION_START, 0, P(""), "ENOSPC");
    for (i = 0; i < 6; i++) {
        g_assert_cmpint(xs_impl_transaction_start(t->s, 0, &tx[i]), ==, 0);
    }
    t_free(t);
}

static void test_quota_perms(void)
{
    XsQuota q = quota();
    T *t;

    q.perms = 2;
    t = t_new_q(&q);
    g_assert_cmpint(xs_impl_mkdir(t->s, 0, 0, HOME), ==, 0);
    g_assert_cmpint(set_perms(t->s, 0, 0, HOME, "n1", NULL), ==, 0);
    g_assert_cmpint(set_perms(t->s, GUEST, 0, HOME, "n1", "r0", NULL), ==,
                    0);
    g_assert_cmpint(set_perms(t->s, GUEST, 0, HOME, "n1", "r0", "r1", NULL),
                    ==, ENOSPC);
    err(t, XS_SET_PERMS, 0, P(HOME "\0n1\0r0\0r1"), "ENOSPC");
    g_assert_cmpint(set_perms(t->s, 0, 0, HOME, "n1", "r0", "r1", NULL), ==,
                    0);
    t_free(t);
}

static void test_quota_transaction_nodes(void)
{
    XsQuota q = quota();
    XsTransaction tx;
    T *t;
    int i;

    q.transaction_nodes = 5;
    t = t_new_q(&q);
    g_assert_cmpint(xs_impl_mkdir(t->s, 0, 0, HOME), ==, 0);
    g_assert_cmpint(set_perms(t->s, 0, 0, HOME, "n1", NULL), ==, 0);
    g_assert_cmpint(xs_impl_transaction_start(t->s, GUEST, &tx), ==, 0);
    /* Four missing nodes and the parent that tells they are missing */
    for (i = 0; i < 4; i++) {
        g_autofree char *p = g_strdup_printf("%d", i);

        check_rd_err(t->s, GUEST, tx, p, ENOENT);
    }
    check_rd_err(t->s, GUEST, tx, "0", ENOENT);
    check_rd_err(t->s, GUEST, tx, "5", ENOSPC);
    g_assert_cmpint(xs_impl_transaction_end(t->s, GUEST, tx, true), ==,
                    ENOMEM);
    /* Domain 0 is not limited */
    g_assert_cmpint(xs_impl_transaction_start(t->s, 0, &tx), ==, 0);
    for (i = 0; i < 10; i++) {
        g_autofree char *p = g_strdup_printf("/%d", i);

        check_rd_err(t->s, 0, tx, p, ENOENT);
    }
    g_assert_cmpint(xs_impl_transaction_end(t->s, 0, tx, true), ==, 0);
    t_free(t);
}

static void test_quota_outstanding(void)
{
    XsQuota q = quota();
    struct xsd_sockmsg h = { XS_READ, 0, 0, 2 };
    uint8_t msg[20];
    uint8_t out[4096];
    T *t;
    int i;

    q.outstanding = 3;
    t = t_new_q(&q);
    memcpy(msg, &h, 16);
    memcpy(msg + 16, "x", 2);
    for (i = 0; i < 3; i++) {
        g_assert_cmpint(xs_conn_write(t->c, msg, 18), ==, 18);
    }
    /* Three answers pending: no more input */
    g_assert_cmpint(xs_conn_write(t->c, msg, 18), ==, 0);
    /* Reading part of an answer is not enough */
    g_assert_cmpint(xs_conn_read(t->c, out, 20), ==, 20);
    g_assert_cmpint(xs_conn_write(t->c, msg, 18), ==, 0);
    /* Its whole answer is */
    g_assert_cmpint(xs_conn_read(t->c, out, 3), ==, 3);
    g_assert_cmpint(xs_conn_write(t->c, msg, 18), ==, 18);
    g_assert_cmpint(xs_conn_write(t->c, msg, 18), ==, 0);
    g_assert_cmpint(xs_conn_read(t->c, out, sizeof(out)), ==, 3 * 23);
    g_assert_cmpint(xs_conn_write(t->c, msg, 18), ==, 18);
    g_assert_cmpint(xs_conn_read(t->c, out, sizeof(out)), ==, 23);

    /* Watch events a request caused keep it outstanding... */
    g_assert_cmpint(xs_impl_mkdir(t->s, 0, 0, HOME), ==, 0);
    g_assert_cmpint(set_perms(t->s, 0, 0, HOME, "n1", NULL), ==, 0);
    ok(t, XS_WATCH, 0, P("a\0w"));
    check_events(t, "a|w;");
    h.type = XS_WRITE;
    h.len = 4;
    memcpy(msg, &h, 16);
    memcpy(msg + 16, "a/0", 4);
    for (i = 0; i < 3; i++) {
        msg[18] = '0' + i;
        g_assert_cmpint(xs_conn_write(t->c, msg, 20), ==, 20);
    }
    g_assert_cmpint(xs_conn_write(t->c, msg, 20), ==, 0);
    /* ...until they and the answer are read: event "a/0\0w\0", "OK\0" */
    g_assert_cmpint(xs_conn_read(t->c, out, 16 + 6), ==, 16 + 6);
    g_assert_cmpmem(out + 16, 6, "a/0\0w", 6);
    g_assert_cmpint(xs_conn_write(t->c, msg, 20), ==, 0);
    g_assert_cmpint(xs_conn_read(t->c, out, 19), ==, 19);
    g_assert_cmpmem(out + 16, 3, "OK", 3);
    g_assert_cmpint(xs_conn_write(t->c, msg, 20), ==, 20);
    /* The fourth write's event is the third's, still pending: dropped */
    g_assert_cmpint(xs_conn_read(t->c, out, sizeof(out)), ==,
                    3 * (22 + 19) - 22);

    /* Domain 0's events do not count */
    xs_conn_reset(t->c);
    ok(t, XS_WATCH, 0, P("a\0w"));
    check_events(t, "a|w;");
    for (i = 0; i < 10; i++) {
        g_autofree char *p = g_strdup_printf(HOME "/a/%d", i);

        g_assert_cmpint(wr(t->s, 0, 0, p, ""), ==, 0);
    }
    g_assert_cmpint(xs_conn_write(t->c, msg, 20), ==, 20);
    g_assert_cmpint(xs_conn_write(t->c, msg, 20), ==, 20);
    g_assert_cmpint(xs_conn_write(t->c, msg, 20), ==, 20);
    t_free(t);
}

static void test_quota_memory(void)
{
    int room;

    /* Room for two or three events of 16 + 6 bytes ("a/N\0w\0") */
    for (room = 2; room <= 3; room++) {
        XsQuota q = quota();
        T *t;
        int i;

        q.memory = 3 * 22 + room - 2;
        t = t_new_q(&q);
        g_assert_cmpint(xs_impl_mkdir(t->s, 0, 0, HOME), ==, 0);
        g_assert_cmpint(set_perms(t->s, 0, 0, HOME, "n1", NULL), ==, 0);
        ok(t, XS_WATCH, 0, P("a\0w"));
        check_events(t, "a|w;");
        for (i = 0; i < 5; i++) {
            g_autofree char *p = g_strdup_printf(HOME "/a/%d", i);

            g_assert_cmpint(wr(t->s, 0, 0, p, ""), ==, 0);
        }
        check_async_events(t, room == 2 ? "a/0|w;a/1|w;" :
                           "a/0|w;a/1|w;a/2|w;");
        g_assert_cmpint(wr(t->s, 0, 0, HOME "/a/9", ""), ==, 0);
        check_async_events(t, "a/9|w;");
        t_free(t);
    }
}

static void test_quota_path_len(void)
{
    XsQuota q = quota();
    T *t;

    q.path_len = 20;
    t = t_new_q(&q);
    g_assert_cmpint(xs_impl_mkdir(t->s, 0, 0, HOME), ==, 0);
    g_assert_cmpint(set_perms(t->s, 0, 0, HOME, "n1", NULL), ==, 0);
    g_assert_cmpint(wr(t->s, GUEST, 0, "abcdefghij0123456789", ""), ==, 0);
    g_assert_cmpint(wr(t->s, GUEST, 0, "abcdefghij0123456789x", ""), ==,
                    EINVAL);
    g_assert_cmpint(wr(t->s, 0, 0, "/abcdefghij012345678", ""), ==, 0);
    g_assert_cmpint(wr(t->s, 0, 0, "/abcdefghij0123456789", ""), ==, EINVAL);
    t_free(t);
}

/* Migration */

static GByteArray *busy_store(T *t, XsTransaction *txp)
{
    struct xsd_sockmsg h = { XS_WRITE, 42, 0, 10 };
    XsTransaction tx;

    ok(t, XS_WRITE, 0, PN("a/b\0value"));
    ok(t, XS_SET_PERMS, 0, P("a\0n1\0r0"));
    ok(t, XS_WATCH, 0, P("a\0rel"));
    ok(t, XS_WATCH, 0, P(HOME "/a\0abs"));
    ok(t, XS_WATCH, 0, P("x\0rel"));
    check_events(t, "a|rel;" HOME "/a|abs;x|rel;");
    g_assert_cmpint(xs_impl_watch(t->s, 0, "/", "dom0", dom0_watch, t), ==,
                    0);
    check_dom0_events(t, "/|dom0;");
    tx = tx_start(t);
    ok(t, XS_WRITE, tx, PN("a/b\0intx"));
    ok(t, XS_RM, tx, P("a/b"));
    ok(t, XS_WRITE, tx, PN("a/c\0new"));
    expect(t, XS_READ, tx, P("a"), XS_READ, PN(""));
    check_dom0_events(t, "");
    /* Output pending, part of it read; input pending */
    g_assert_cmpint(wr(t->s, 0, 0, HOME "/x", "1"), ==, 0);
    check_dom0_events(t, HOME "/x|dom0;");
    {
        uint8_t buf[5];

        g_assert_cmpint(xs_conn_read(t->c, buf, 5), ==, 5);
    }
    g_assert_cmpint(xs_conn_write(t->c, &h, 16), ==, 16);
    g_assert_cmpint(xs_conn_write(t->c, "x/", 2), ==, 2);
    *txp = tx;
    return xs_store_serialise(t->s, t->c);
}

static void test_migrate_roundtrip(void)
{
    T *t = t_new(), *u = t_new_q(NULL);
    g_autoptr(GByteArray) a = NULL;
    g_autoptr(GByteArray) b = NULL;
    g_autoptr(GByteArray) ans = g_byte_array_new();
    struct xsd_sockmsg h;
    XsTransaction tx;
    uint8_t buf[64];

    a = busy_store(t, &tx);
    g_assert_cmpint(xs_store_deserialise(u->s, u->c, a->data, a->len), ==, 0);
    b = xs_store_serialise(u->s, u->c);
    g_assert_cmpmem(a->data, a->len, b->data, b->len);

    /* Carry on where it was: rest of the event, then the request */
    g_assert_cmpint(xs_conn_read(u->c, buf, sizeof(buf)), ==, 16 + 6 - 5);
    g_assert_cmpmem(buf + 11, 6, "x\0rel", 6);
    g_assert_false(xs_conn_has_output(u->c));
    g_assert_cmpint(xs_conn_write(u->c, "y\0hi-there", 8), ==, 8);
    u->req_id = 42;
    g_assert_true(drain(u, &h, ans));
    g_assert_cmpint(h.type, ==, XS_WRITE);
    check_events(u, "x/y|rel;");
    expect(u, XS_READ, 0, P("x/y"), XS_READ, PN("hi-the"));

    /* The transaction, its view and conflict checking survive */
    expect(u, XS_READ, tx, P("a/c"), XS_READ, PN("new"));
    err(u, XS_READ, tx, P("a/b"), "ENOENT");
    expect(u, XS_READ, 0, P("a/b"), XS_READ, PN("value"));
    ok(u, XS_TRANSACTION_END, tx, P("T"));
    check_events(u, "a/b|rel;" HOME "/a/b|abs;a/c|rel;" HOME "/a/c|abs;");
    err(u, XS_READ, 0, P("a/b"), "ENOENT");
    expect(u, XS_GET_PERMS, 0, P("a"), XS_GET_PERMS, P("n1\0r0"));

    /* New transaction ids do not collide */
    g_assert_cmpint(tx_start(u), !=, tx);

    /* In-QEMU watches are not migrated */
    g_assert_cmpint(wr(u->s, 0, 0, "/z", ""), ==, 0);
    check_dom0_events(u, "");
    check_async_events(u, "");

    /* Conflict detection survives */
    t_free(t);
    t = t_new();
    g_byte_array_unref(b);
    b = busy_store(t, &tx);
    t_free(u);
    u = t_new_q(NULL);
    g_assert_cmpint(xs_store_deserialise(u->s, u->c, b->data, b->len), ==, 0);
    g_assert_cmpint(wr(u->s, 0, 0, HOME "/a", "changed"), ==, 0);
    xs_conn_reset(u->c);
    g_assert_cmpint(xs_store_deserialise(u->s, u->c, b->data, b->len), ==, 0);
    g_assert_cmpint(xs_impl_transaction_end(u->s, GUEST, tx, true), ==, 0);
    g_assert_cmpint(xs_store_deserialise(u->s, u->c, b->data, b->len), ==, 0);
    g_assert_cmpint(wr(u->s, 0, 0, HOME "/a", "changed"), ==, 0);
    g_assert_cmpint(xs_impl_transaction_end(u->s, GUEST, tx, true), ==,
                    EAGAIN);

    /* Without a connection */
    g_byte_array_unref(a);
    a = xs_store_serialise(u->s, NULL);
    g_assert_cmpint(xs_store_deserialise(u->s, NULL, a->data, a->len), ==, 0);
    g_assert_cmpint(xs_store_deserialise(u->s, u->c, a->data, a->len), ==,
                    -EINVAL);
    t_free(t);
    t_free(u);
}

static void test_migrate_corrupt(void)
{
    T *t = t_new(), *u = t_new_q(NULL);
    g_autoptr(GByteArray) a = NULL;
    g_autoptr(GByteArray) before = NULL;
    g_autoptr(GByteArray) after = NULL;
    XsTransaction tx;
    size_t i;
    int accepted = 0;

    a = busy_store(t, &tx);
    before = xs_store_serialise(u->s, u->c);

    /* Every truncation is rejected and changes nothing */
    for (i = 0; i < a->len; i++) {
        g_assert_cmpint(xs_store_deserialise(u->s, u->c, a->data, i), ==,
                        -EINVAL);
    }
    after = xs_store_serialise(u->s, u->c);
    g_assert_cmpmem(before->data, before->len, after->data, after->len);

    /* Trailing bytes */
    g_byte_array_append(a, (const guint8 *)"", 1);
    g_assert_cmpint(xs_store_deserialise(u->s, u->c, a->data, a->len), ==,
                    -EINVAL);
    g_byte_array_set_size(a, a->len - 1);

    /* Each byte changed: rejected, or accepted as a coherent store */
    for (i = 0; i < a->len; i++) {
        uint8_t save = a->data[i];
        int j;

        for (j = 0; j < 3; j++) {
            static const uint8_t vals[] = { 0x00, 0xff, 0x2f };
            g_autoptr(GByteArray) again = NULL;

            a->data[i] = vals[j] == save ? save ^ 1 : vals[j];
            if (!xs_store_deserialise(u->s, u->c, a->data, a->len)) {
                accepted++;
                again = xs_store_serialise(u->s, u->c);
                g_assert_cmpint(xs_store_deserialise(u->s, u->c, again->data,
                                                     again->len), ==, 0);
                wr(u->s, 0, 0, HOME "/a/q", "x");
                xs_impl_rm(u->s, 0, 0, HOME "/a");
                xs_conn_reset(u->c);
            }
        }
        a->data[i] = save;
    }
    g_assert_cmpint(accepted, >, 0);

    /* A child listed that is not there, a node not listed */
    {
        static const uint8_t child[] = { 6, 0, 0, 0, 'l', 'o', 'c', 'a', 'l',
                                         0 };
        uint8_t *p = memmem(a->data, a->len, child, sizeof(child));

        g_assert_nonnull(p);
        p[4] = 'L';
        g_assert_cmpint(xs_store_deserialise(u->s, u->c, a->data, a->len),
                        ==, -EINVAL);
        p[4] = 'l';
    }

    /* Wrong magic, version, domain */
    a->data[0] ^= 1;
    g_assert_cmpint(xs_store_deserialise(u->s, u->c, a->data, a->len), ==,
                    -EINVAL);
    a->data[0] ^= 1;
    a->data[4] ^= 1;
    g_assert_cmpint(xs_store_deserialise(u->s, u->c, a->data, a->len), ==,
                    -EINVAL);
    a->data[4] ^= 1;
    a->data[8] ^= 1;
    g_assert_cmpint(xs_store_deserialise(u->s, u->c, a->data, a->len), ==,
                    -EINVAL);
    a->data[8] ^= 1;
    g_assert_cmpint(xs_store_deserialise(u->s, u->c, a->data, a->len), ==, 0);
    t_free(t);
    t_free(u);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    g_test_add_func("/xen/xenstore/api/basic", test_api_basic);
    g_test_add_func("/xen/xenstore/api/paths", test_paths);
    g_test_add_func("/xen/xenstore/perms", test_perms);
    g_test_add_func("/xen/xenstore/watch/api", test_watch_api);
    g_test_add_func("/xen/xenstore/watch/special", test_watch_special);
    g_test_add_func("/xen/xenstore/watch/perms", test_watch_perms);
    g_test_add_func("/xen/xenstore/transaction/api", test_transaction_api);
    g_test_add_func("/xen/xenstore/transaction/wire", test_transaction_wire);
    g_test_add_func("/xen/xenstore/wire/ops", test_wire_ops);
    g_test_add_func("/xen/xenstore/wire/directory-part", test_directory_part);
    g_test_add_func("/xen/xenstore/wire/split", test_wire_split);
    g_test_add_func("/xen/xenstore/wire/oversize", test_wire_oversize);
    g_test_add_func("/xen/xenstore/quota/nodes", test_quota_nodes);
    g_test_add_func("/xen/xenstore/quota/node-size", test_quota_node_size);
    g_test_add_func("/xen/xenstore/quota/watches", test_quota_watches);
    g_test_add_func("/xen/xenstore/quota/transactions",
                    test_quota_transactions);
    g_test_add_func("/xen/xenstore/quota/perms", test_quota_perms);
    g_test_add_func("/xen/xenstore/quota/transaction-nodes",
                    test_quota_transaction_nodes);
    g_test_add_func("/xen/xenstore/quota/outstanding",
                    test_quota_outstanding);
    g_test_add_func("/xen/xenstore/quota/memory", test_quota_memory);
    g_test_add_func("/xen/xenstore/quota/path-len", test_quota_path_len);
    g_test_add_func("/xen/xenstore/migrate/roundtrip",
                    test_migrate_roundtrip);
    g_test_add_func("/xen/xenstore/migrate/corrupt", test_migrate_corrupt);
    return g_test_run();
}
