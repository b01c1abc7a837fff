/*
 * libFuzzer target for the XenStore of Xen HVM guest emulation
 * (hw/i386/kvm/xenstore_impl.c): a guest's byte stream, domain 0's own
 * operations and watches, migration in the middle of it all.
 *
 * The input is a list of commands, each a byte and its arguments:
 *   0..2  <len: 2 bytes LE> <bytes>  the guest writes the bytes
 *   3     <n>                        the guest reads (n + 1) * 16 bytes
 *   4     <op> <path> <value>        domain 0 operation on a fixed path
 *   5                                migrate: serialise, load in a new store
 *   6     <what>                     reset, special events, transactions
 *   7     <len: 2 bytes LE> <bytes>  load the bytes as a migration stream
 * Built and run by tools/fuzz-xenstore.sh.
 *
 * This work is licensed under the terms of the GNU GPL, version 2 or later.
 * See the COPYING file in the top-level directory.
 */

#include "qemu/osdep.h"
#include "hw/i386/kvm/xenstore_impl.h"

#define GUEST 1

typedef struct Fuzz {
    XsStore *s;
    XsConn *c;
    uint64_t events;
    /* What the guest has read, to check it is well-formed */
    uint8_t hdr[16];
    uint32_t used;
    uint32_t left;
} Fuzz;

static const char *const paths[] = {
    "/", "/local", "/local/domain", "/local/domain/1", "/local/domain/1/a",
    "/local/domain/1/a/b", "/local/domain/1/data", "/local/domain/1/device",
    "/local/domain/1/device/vif/0", "/tool", "/local/domain/0/backend",
    "a", "a/b", "data/x", "@releaseDomain", "@introduceDomain",
};

static const char *const perms[] = {
    "n0", "r0", "b0", "w1", "n1", "b1", "r1", "x", "n7",
};

static void dom0_watch(void *opaque, const char *path, const char *token)
{
    Fuzz *f = opaque;

    assert(path && token);
    f->events++;
}

static void notify(void *opaque)
{
    Fuzz *f = opaque;

    assert(xs_conn_has_output(f->c));
}

static void setup(Fuzz *f, XsStore *s, XsConn *c)
{
    f->s = s;
    f->c = c;
    xs_impl_watch(s, 0, "/", "all", dom0_watch, f);
    xs_impl_watch(s, 0, "@releaseDomain", "rel", dom0_watch, f);
    xs_impl_watch(s, 0, "/local/domain/1", "home", dom0_watch, f);
}

static XsQuota small_quota(void)
{
    XsQuota q = {
        .nodes = 50, .node_size = 512, .watches = 8, .transactions = 3,
        .outstanding = 5, .path_len = 256, .perms = 5,
        .transaction_nodes = 64, .memory = 16384,
    };

    return q;
}

/* The guest reads; what it gets must be whole, well-formed messages. */
static void guest_read(Fuzz *f, size_t want)
{
    uint8_t buf[4096];
    size_t n, i;

    while (want) {
        n = xs_conn_read(f->c, buf, MIN(want, sizeof(buf)));
        if (!n) {
            return;
        }
        want -= n;
        for (i = 0; i < n; i++) {
            if (f->used < 16) {
                f->hdr[f->used++] = buf[i];
                if (f->used == 16) {
                    struct xsd_sockmsg h;

                    memcpy(&h, f->hdr, 16);
                    assert(h.len <= XENSTORE_PAYLOAD_MAX);
                    assert(h.type < XS_TYPE_COUNT);
                    f->left = h.len;
                    if (!f->left) {
                        f->used = 0;
                    }
                }
            } else if (!--f->left) {
                f->used = 0;
            }
        }
    }
}

static void migrate(Fuzz *f, XsQuota *q)
{
    GByteArray *a = xs_store_serialise(f->s, f->c);
    GByteArray *b;
    XsStore *s = xs_store_new(GUEST, q);
    XsConn *c = xs_conn_new(s, GUEST, notify, f);
    int ret = xs_store_deserialise(s, c, a->data, a->len);

    assert(ret == 0);
    b = xs_store_serialise(s, c);
    assert(a->len == b->len && !memcmp(a->data, b->data, a->len));
    g_byte_array_unref(a);
    g_byte_array_unref(b);
    xs_conn_free(f->c);
    xs_store_free(f->s);
    setup(f, s, c);
}

static void load_raw(const uint8_t *data, size_t len, XsQuota *q)
{
    XsStore *s = xs_store_new(GUEST, q);
    XsConn *c = xs_conn_new(s, GUEST, NULL, NULL);
    uint8_t buf[256];

    if (!xs_store_deserialise(s, c, data, len)) {
        GByteArray *a = xs_store_serialise(s, c);
        g_autoptr(GByteArray) v = g_byte_array_new();

        assert(!xs_store_deserialise(s, c, a->data, a->len));
        g_byte_array_unref(a);
        /* Use what was loaded */
        xs_impl_write(s, 0, 0, "/local/domain/1/x", v);
        xs_impl_rm(s, 0, 0, "/local/domain/1");
        xs_impl_rm(s, 0, 0, "/local");
        xs_conn_write(c, "\x02\0\0\0\0\0\0\0\0\0\0\0\x02\0\0\0a", 18);
        while (xs_conn_read(c, buf, sizeof(buf))) {
            /* drain */
        }
    }
    xs_conn_free(c);
    xs_store_free(s);
}

static void dom0_op(Fuzz *f, uint8_t op, uint8_t p, uint8_t v)
{
    const char *path = paths[p % ARRAY_SIZE(paths)];
    g_autoptr(GByteArray) data = g_byte_array_new();
    GList *items = NULL;
    uint64_t gen;
    unsigned int dom = op & 0x80 ? GUEST : 0;

    g_byte_array_append(data, (const uint8_t *)"v\0alue\xff", v & 7);
    switch (op % 8) {
    case 0:
        xs_impl_write(f->s, dom, 0, path, data);
        break;
    case 1:
        xs_impl_mkdir(f->s, dom, 0, path);
        break;
    case 2:
        xs_impl_rm(f->s, dom, 0, path);
        break;
    case 3:
        items = g_list_append(items, g_strdup(perms[v % ARRAY_SIZE(perms)]));
        items = g_list_append(items,
                              g_strdup(perms[(v / 16) % ARRAY_SIZE(perms)]));
        xs_impl_set_perms(f->s, dom, 0, path, items);
        g_list_free_full(items, g_free);
        break;
    case 4:
        xs_impl_read(f->s, dom, 0, path, data);
        break;
    case 5:
        if (!xs_impl_directory(f->s, dom, 0, path, &gen, &items)) {
            g_list_free_full(items, g_free);
        }
        break;
    case 6:
        xs_impl_watch(f->s, dom, path, v & 1 ? "t1" : "t2", dom0_watch, f);
        break;
    case 7:
        xs_impl_unwatch(f->s, dom, path, v & 1 ? "t1" : "t2", dom0_watch, f);
        break;
    }
}

static void misc(Fuzz *f, uint8_t what)
{
    XsTransaction tx;
    g_autoptr(GByteArray) v = g_byte_array_new();

    switch (what % 6) {
    case 0:
        xs_conn_reset(f->c);
        f->used = 0;
        break;
    case 1:
        xs_impl_fire_special(f->s, "@releaseDomain");
        break;
    case 2:
        xs_impl_fire_special(f->s, "@introduceDomain");
        break;
    case 3:
        if (!xs_impl_transaction_start(f->s, 0, &tx)) {
            xs_impl_write(f->s, 0, tx, "/local/domain/1/txd", v);
            xs_impl_rm(f->s, 0, tx, "/local/domain/1/a");
            xs_impl_transaction_end(f->s, 0, tx, what & 8);
        }
        break;
    case 4:
        xs_impl_reset_watches(f->s, 0, f);
        setup(f, f->s, f->c);
        break;
    case 5:
        xs_impl_reset_watches(f->s, GUEST, f->c);
        break;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Fuzz f = { .s = NULL };
    XsQuota q = small_quota();
    size_t i = 0;
    GList *perm = NULL;

    setup(&f, xs_store_new(GUEST, size & 1 ? &q : NULL), NULL);
    f.c = xs_conn_new(f.s, GUEST, notify, &f);
    if (size & 1) {
        /* A toolstack's start: the guest owns its home */
        xs_impl_mkdir(f.s, 0, 0, "/local/domain/1");
        perm = g_list_append(perm, g_strdup("n1"));
        xs_impl_set_perms(f.s, 0, 0, "/local/domain/1", perm);
        g_list_free_full(perm, g_free);
    } else {
        q = (XsQuota) {
            XS_QUOTA_DEFAULT_NODES, XS_QUOTA_DEFAULT_NODE_SIZE,
            XS_QUOTA_DEFAULT_WATCHES, XS_QUOTA_DEFAULT_TRANSACTIONS,
            XS_QUOTA_DEFAULT_OUTSTANDING, XS_QUOTA_DEFAULT_PATH_LEN,
            XS_QUOTA_DEFAULT_PERMS, XS_QUOTA_DEFAULT_TRANSACTION_NODES,
            XS_QUOTA_DEFAULT_MEMORY,
        };
    }

    while (i < size) {
        uint8_t cmd = data[i++];
        size_t len;

        switch (cmd & 7) {
        case 0:
        case 1:
        case 2:
        case 7:
            len = 0;
            if (i + 2 <= size) {
                len = (data[i] | data[i + 1] << 8) & 0x1fff;
                i += 2;
            }
            len = MIN(len, size - i);
            if ((cmd & 7) == 7) {
                load_raw(data + i, len, &q);
            } else {
                size_t done = 0;

                /* Feed; if it stalls, the guest reads some and retries */
                while (done < len) {
                    size_t n = xs_conn_write(f.c, data + i + done,
                                             len - done);

                    done += n;
                    if (xs_conn_error(f.c)) {
                        f.used = 0;     /* its output is gone */
                        break;
                    }
                    if (!n) {
                        if (!xs_conn_has_output(f.c)) {
                            break;
                        }
                        guest_read(&f, 64);
                    }
                }
            }
            i += len;
            break;
        case 3:
            guest_read(&f, i < size ? (data[i++] + 1) * 16 : 4096);
            break;
        case 4:
            if (i + 3 <= size) {
                dom0_op(&f, data[i], data[i + 1], data[i + 2]);
            }
            i += 3;
            break;
        case 5:
            migrate(&f, size & 1 ? &q : NULL);
            break;
        case 6:
            misc(&f, i < size ? data[i++] : 0);
            break;
        }
    }
    migrate(&f, size & 1 ? &q : NULL);
    guest_read(&f, SIZE_MAX);
    assert(!xs_conn_has_output(f.c));
    xs_conn_free(f.c);
    xs_store_free(f.s);
    return 0;
}
