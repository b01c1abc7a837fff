/*
 * Xen HVM guest support under KVM: the XenStore itself.
 *
 * Semantics follow Xen 4.17's cxenstored (tools/xenstore/xenstored_*.c)
 * and docs/misc/xenstore.txt; the comments name the xenstored function a
 * piece of code behaves like.
 *
 * The tree is kept the way xenstored keeps it: a flat table from path to
 * node, each node holding its value, its permissions (the first entry is
 * the owner), the names of its children in creation order (NUL-separated,
 * as DIRECTORY and DIRECTORY_PART return them) and a generation count,
 * taken from a store-wide counter each time the node is written.
 *
 * Nodes are reference counted and never changed once in a table: a write
 * puts a fresh copy. That lets transactions share unchanged nodes.
 *
 * A transaction is xenstored's: not a snapshot, but a table of the nodes
 * it accessed. The first access to a path records the node the store had
 * then (or its absence) and from then on the transaction sees its own
 * version of that path; paths it has not touched yet it sees as the store
 * has them now. Commit fails with EAGAIN if any accessed path's
 * generation in the store differs from the one first seen, else the
 * transaction's versions of the paths it changed go into the store, with
 * new generation counts, and the watches it queued fire. A transaction's
 * memory is bounded by quota.transaction_nodes.
 *
 * Watches are a list of (domain, client, path, token); a client is the
 * XsWatchFn/opaque pair, a guest connection being one such client.
 *
 * A connection (XsConn) parses requests, answers them and queues watch
 * events; each queued message remembers the request it belongs to, so
 * that a request stays outstanding until its answer and the events it
 * caused are read, as with xenstored's nboutstanding.
 *
 * Copyright (c) 2026 The QEMU Xen emulation authors.
 *
 * This work is licensed under the terms of the GNU GPL, version 2 or later.
 * See the COPYING file in the top-level directory.
 */

#include "qemu/osdep.h"
#include "xenstore_impl.h"

#define XS_PERM_NONE    0x00
#define XS_PERM_READ    0x01
#define XS_PERM_WRITE   0x02
#define XS_PERM_OWNER   0x08

/* xenstored's NO_GENERATION: the generation of a node that does not exist */
#define XS_NO_GEN       UINT64_MAX

/* The size xenstored's TDB gives a node: struct xs_tdb_record_hdr... */
#define XS_NODE_HDR_SIZE    24
/* ...and a struct xs_permissions per permission */
#define XS_NODE_PERM_SIZE   8

#define XS_DOMID_SELF   0x7FF0U
#define XS_HDR_SIZE     ((uint32_t)sizeof(struct xsd_sockmsg))

#define XS_VALID_CHARS  "ABCDEFGHIJKLMNOPQRSTUVWXYZ" \
                        "abcdefghijklmnopqrstuvwxyz" \
                        "0123456789-/_@"

typedef struct XsPerm {
    uint32_t id;
    uint8_t perms;
} XsPerm;

typedef struct XsNode {
    unsigned int ref;
    uint64_t gen;
    uint32_t nperms;
    uint32_t datalen;
    uint32_t childlen;
    XsPerm *perms;
    uint8_t *data;
    char *children;
} XsNode;

typedef struct XsWatch {
    unsigned int dom;
    bool relative;
    char *path;                 /* absolute, or "@..." */
    char *token;
    XsWatchFn *fn;
    void *opaque;
} XsWatch;

/* A path a transaction has accessed (xenstored's struct accessed_node). */
typedef struct XsAccess {
    char *path;
    XsNode *orig;               /* in the store at first access, or NULL */
    XsNode *node;               /* the transaction's version, or NULL */
    bool modified;
    bool fire;
    bool exact;
} XsAccess;

typedef struct XsTx {
    XsTransaction id;
    unsigned int dom;
    void *owner;
    GHashTable *access;         /* path -> XsAccess */
    GPtrArray *order;           /* XsAccess in order of first access */
    int delta;                  /* change of the nodes the guest owns */
    bool delta_used;
    bool created;
    bool fail;
} XsTx;

struct XsStore {
    unsigned int domid;
    XsQuota quota;
    GHashTable *nodes;          /* path -> XsNode */
    uint64_t gen;
    uint32_t guest_nodes;       /* nodes owned by domid */
    GList *watches;             /* XsWatch */
    GHashTable *txs;            /* id -> XsTx */
    XsTransaction next_tx;
    XsNode *special[2];         /* permissions of the special paths */
    XsConn *cur_conn;           /* the connection whose request runs */
};

typedef struct XsOut {
    uint32_t serial;            /* the request, 0 if none counted */
    uint32_t len;               /* header and payload */
    uint32_t used;              /* bytes already read */
    GBytes *event;              /* payload of a watch event, for dedup */
    uint8_t buf[];
} XsOut;

struct XsConn {
    XsStore *s;
    unsigned int domid;
    void (*notify)(void *opaque);
    void *opaque;
    uint32_t error;
    bool in_write;
    uint32_t in_used;
    uint8_t in[XS_HDR_SIZE + XENSTORE_PAYLOAD_MAX];
    GQueue out;                 /* XsOut */
    size_t out_bytes;
    uint32_t outstanding;
    uint32_t serial;            /* of the last request taken */
    uint32_t cur_serial;        /* of the request being handled, or 0 */
    GHashTable *events;         /* payload of queued events -> count */
};

static const char *const special_names[2] = {
    "@introduceDomain", "@releaseDomain"
};

/* Nodes */

static XsNode *node_new(uint32_t nperms, const XsPerm *perms,
                        const void *data, uint32_t datalen,
                        const char *children, uint32_t childlen)
{
    XsNode *n = g_new0(XsNode, 1);

    n->ref = 1;
    n->nperms = nperms;
    n->perms = g_memdup2(perms, nperms * sizeof(XsPerm));
    n->datalen = datalen;
    n->data = datalen ? g_memdup2(data, datalen) : NULL;
    n->childlen = childlen;
    n->children = childlen ? g_memdup2(children, childlen) : NULL;
    return n;
}

static XsNode *node_copy(const XsNode *n)
{
    XsNode *c = node_new(n->nperms, n->perms, n->data, n->datalen,
                         n->children, n->childlen);

    c->gen = n->gen;
    return c;
}

static XsNode *node_ref(XsNode *n)
{
    if (n) {
        n->ref++;
    }
    return n;
}

static void node_unref(XsNode *n)
{
    if (n && !--n->ref) {
        g_free(n->perms);
        g_free(n->data);
        g_free(n->children);
        g_free(n);
    }
}

static void node_unref_cb(gpointer p)
{
    node_unref(p);
}

static size_t node_size(const XsNode *n)
{
    return XS_NODE_HDR_SIZE + (size_t)n->nperms * XS_NODE_PERM_SIZE +
           n->datalen + n->childlen;
}

static void node_set_data(XsNode *n, const void *data, size_t len)
{
    g_free(n->data);
    n->datalen = len;
    n->data = len ? g_memdup2(data, len) : NULL;
}

static void node_set_perms(XsNode *n, const XsPerm *perms, uint32_t nperms)
{
    g_free(n->perms);
    n->nperms = nperms;
    n->perms = g_memdup2(perms, nperms * sizeof(XsPerm));
}

/* Offset of child @name in @n's list, or -1 (xenstored's delete_child). */
static int64_t node_find_child(const XsNode *n, const char *name)
{
    uint32_t off = 0;

    while (off < n->childlen) {
        const char *c = n->children + off;
        size_t len = strnlen(c, n->childlen - off);

        if (off + len < n->childlen && !strcmp(c, name)) {
            return off;
        }
        off += len + 1;
    }
    return -1;
}

static void node_add_child(XsNode *n, const char *name)
{
    size_t len = strlen(name) + 1;

    /* Already there only in a transaction's stale view, which will fail. */
    if (node_find_child(n, name) >= 0) {
        return;
    }

    n->children = g_realloc(n->children, n->childlen + len);
    memcpy(n->children + n->childlen, name, len);
    n->childlen += len;
}

static void node_del_child(XsNode *n, const char *name)
{
    int64_t off = node_find_child(n, name);
    size_t len;

    if (off < 0) {
        return;
    }
    len = strlen(name) + 1;
    memmove(n->children + off, n->children + off + len,
            n->childlen - off - len);
    n->childlen -= len;
    if (!n->childlen) {
        g_free(n->children);
        n->children = NULL;
    }
}

/* Permissions */

static bool perm_parse(const char *str, XsPerm *p)
{
    char *end;

    /* xs_strings_to_perms() */
    switch (*str) {
    case 'r':
        p->perms = XS_PERM_READ;
        break;
    case 'w':
        p->perms = XS_PERM_WRITE;
        break;
    case 'b':
        p->perms = XS_PERM_READ | XS_PERM_WRITE;
        break;
    case 'n':
        p->perms = XS_PERM_NONE;
        break;
    default:
        return false;
    }
    str++;
    p->id = g_ascii_strtoll(str, &end, 0);
    return *str && !*end;
}

static char *perm_string(const XsPerm *p)
{
    static const char letters[] = "nrwb";

    return g_strdup_printf("%c%i", letters[p->perms & 3], (int)p->id);
}

/* xenstored's perm_for_conn(): what @dom may do with @n. */
static unsigned int perm_for(unsigned int dom, const XsNode *n)
{
    uint32_t i;

    if (dom == 0 || n->perms[0].id == dom) {
        return XS_PERM_READ | XS_PERM_WRITE | XS_PERM_OWNER;
    }
    for (i = 1; i < n->nperms; i++) {
        if (n->perms[i].id == dom) {
            return n->perms[i].perms;
        }
    }
    return n->perms[0].perms;
}

static bool dom_exists(XsStore *s, uint32_t dom)
{
    return dom == 0 || dom == s->domid;
}

/* Paths */

/* Where sscanf(path, "/local/domain/%5u/%n") would put %n, else 0. */
static size_t local_off(const char *path)
{
    const char *p = path + strlen("/local/domain/");
    int width = 0, digits = 0;

    if (!g_str_has_prefix(path, "/local/domain/")) {
        return 0;
    }
    if (*p == '-' || *p == '+') {
        p++;
        width++;
    }
    while (width < 5 && g_ascii_isdigit(*p)) {
        p++;
        width++;
        digits++;
    }
    if (!digits || *p != '/') {
        return 0;
    }
    return p + 1 - path;
}

/* xenstored's is_valid_nodename() */
static bool path_valid(XsStore *s, const char *path)
{
    size_t len = strlen(path);

    if (path[0] != '/') {
        return false;
    }
    if (len > 1 && path[len - 1] == '/') {
        return false;
    }
    if (strstr(path, "//")) {
        return false;
    }
    if (len > local_off(path) + s->quota.path_len) {
        return false;
    }
    return strspn(path, XS_VALID_CHARS) == len;
}

/* xenstored's canonicalize() */
static char *path_canon(unsigned int dom, const char *path)
{
    if (path[0] == '/' || path[0] == '@') {
        return g_strdup(path);
    }
    return g_strdup_printf("/local/domain/%u/%s", dom, path);
}

/* xenstored's get_parent() */
static char *path_parent(const char *path)
{
    const char *slash = strrchr(path + 1, '/');

    return slash ? g_strndup(path, slash - path) : g_strdup("/");
}

static const char *path_base(const char *path)
{
    return strrchr(path, '/') + 1;
}

static char *path_child(const char *path, const char *name)
{
    if (!strcmp(path, "/")) {
        return g_strconcat("/", name, NULL);
    }
    return g_strconcat(path, "/", name, NULL);
}

/* xenstored's is_child(): @child is @parent or below it */
static bool path_is_child(const char *child, const char *parent)
{
    size_t len = strlen(parent);

    if (!strcmp(parent, "/")) {
        return true;
    }
    if (strncmp(child, parent, len)) {
        return false;
    }
    return child[len] == '/' || child[len] == '\0';
}

/* The store's table */

static unsigned int node_owner(const XsNode *n)
{
    return n->perms[0].id;
}

static void main_set(XsStore *s, const char *path, XsNode *n)
{
    XsNode *old = g_hash_table_lookup(s->nodes, path);

    if (old && node_owner(old) == s->domid) {
        s->guest_nodes--;
    }
    if (n) {
        if (node_owner(n) == s->domid) {
            s->guest_nodes++;
        }
        g_hash_table_replace(s->nodes, g_strdup(path), n);
    } else {
        g_hash_table_remove(s->nodes, path);
    }
}

static uint32_t dom_nodes(XsStore *s, unsigned int dom)
{
    return dom == s->domid ? s->guest_nodes : 0;
}

/* Transactions' view */

static void access_free(gpointer p)
{
    XsAccess *a = p;

    node_unref(a->orig);
    node_unref(a->node);
    g_free(a->path);
    g_free(a);
}

static XsAccess *tx_add_access(XsTx *tx, const char *path, XsNode *orig)
{
    XsAccess *a = g_new0(XsAccess, 1);

    a->path = g_strdup(path);
    a->orig = node_ref(orig);
    a->node = node_ref(orig);
    g_hash_table_insert(tx->access, a->path, a);
    g_ptr_array_add(tx->order, a);
    return a;
}

/* xenstored's access_node(), first access of a path by a transaction */
static int tx_access(XsStore *s, XsTx *tx, const char *path, XsAccess **ap)
{
    XsAccess *a = g_hash_table_lookup(tx->access, path);

    if (!a) {
        if (tx->dom != 0 &&
            tx->order->len >= s->quota.transaction_nodes) {
            tx->fail = true;
            return -ENOSPC;
        }
        a = tx_add_access(tx, path, g_hash_table_lookup(s->nodes, path));
    }
    *ap = a;
    return 0;
}

/* xenstored's read_node(): @path as @tx sees it; NULL if absent. */
static int view_get(XsStore *s, XsTx *tx, const char *path, XsNode **np)
{
    XsAccess *a;
    int err;

    if (!tx) {
        *np = g_hash_table_lookup(s->nodes, path);
        return 0;
    }
    err = tx_access(s, tx, path, &a);
    *np = err ? NULL : a->node;
    return err;
}

/* Puts @n (a reference the caller gives, NULL: remove) at @path. */
static void view_put(XsStore *s, XsTx *tx, const char *path, XsNode *n)
{
    XsAccess *a;

    if (n) {
        n->gen = ++s->gen;
    }
    if (!tx) {
        main_set(s, path, n);
        return;
    }
    a = g_hash_table_lookup(tx->access, path);
    if (!a) {
        /* Not reached: every path is read before it is written. */
        a = tx_add_access(tx, path, g_hash_table_lookup(s->nodes, path));
    }
    node_unref(a->node);
    a->node = n;
    a->modified = true;
}

static void tx_count(XsStore *s, XsTx *tx, const XsNode *n, int inc)
{
    if (tx && node_owner(n) == s->domid) {
        tx->delta += inc;
        tx->delta_used = true;
    }
}

/* Watches */

static bool watch_permitted(XsStore *s, unsigned int dom, const char *name,
                            const XsNode *node, const XsNode *parent,
                            const XsNode *old)
{
    g_autofree char *pname = NULL;

    if (old && (perm_for(dom, old) & XS_PERM_READ)) {
        return true;
    }
    if (!node) {
        node = g_hash_table_lookup(s->nodes, name);
        if (!node) {
            return false;
        }
    }
    if (perm_for(dom, node) & XS_PERM_READ) {
        return true;
    }
    if (!parent) {
        pname = path_parent(name);
        parent = g_hash_table_lookup(s->nodes, pname);
        if (!parent) {
            return false;
        }
    }
    return perm_for(dom, parent) & XS_PERM_READ;
}

static XsNode *special_node(XsStore *s, const char *name)
{
    int i;

    for (i = 0; i < ARRAY_SIZE(special_names); i++) {
        if (!strcmp(name, special_names[i])) {
            return s->special[i];
        }
    }
    return NULL;
}

static const char *watch_event_path(const XsWatch *w, const char *name)
{
    g_autofree char *prefix = NULL;
    size_t len;

    if (!w->relative) {
        return name;
    }
    /* xenstored's get_watch_path() */
    prefix = g_strdup_printf("/local/domain/%u", w->dom);
    len = strlen(prefix);
    if (strncmp(name, prefix, len)) {
        return name;
    }
    name += len;
    return *name == '/' ? name + 1 : name;
}

/* xenstored's fire_watches() outside transactions */
static void fire_now(XsStore *s, const char *name, const XsNode *node,
                     const XsNode *parent, bool exact, const XsNode *old)
{
    XsNode *special = NULL;
    GList *l;

    if (name[0] == '@') {
        special = special_node(s, name);
        if (!special) {
            return;
        }
    }
    for (l = s->watches; l; l = l->next) {
        XsWatch *w = l->data;

        if (exact ? strcmp(name, w->path) : !path_is_child(name, w->path)) {
            continue;
        }
        if (special ? !(perm_for(w->dom, special) & XS_PERM_READ) :
            !watch_permitted(s, w->dom, name, node, parent, old)) {
            continue;
        }
        w->fn(w->opaque, watch_event_path(w, name), w->token);
    }
}

/* xenstored's fire_watches(), queue_watches() in transactions */
static void fire(XsStore *s, XsTx *tx, const char *name, const XsNode *node,
                 const XsNode *parent, bool exact, const XsNode *old)
{
    XsAccess *a;

    if (!tx) {
        fire_now(s, name, node, parent, exact, old);
        return;
    }
    a = g_hash_table_lookup(tx->access, name);
    if (!a) {
        tx->fail = true;
    } else if (!a->fire) {
        a->fire = true;
        a->exact = exact;
    } else if (!exact) {
        a->exact = false;
    }
}

static void watch_free(XsWatch *w)
{
    g_free(w->path);
    g_free(w->token);
    g_free(w);
}

static XsWatch *watch_find(XsStore *s, unsigned int dom, const char *path,
                           const char *token, XsWatchFn *fn, void *opaque)
{
    GList *l;

    for (l = s->watches; l; l = l->next) {
        XsWatch *w = l->data;

        if (w->dom == dom && w->fn == fn && w->opaque == opaque &&
            !strcmp(w->path, path) && !strcmp(w->token, token)) {
            return w;
        }
    }
    return NULL;
}

static uint32_t dom_watches(XsStore *s, unsigned int dom)
{
    uint32_t n = 0;
    GList *l;

    for (l = s->watches; l; l = l->next) {
        n += ((XsWatch *)l->data)->dom == dom;
    }
    return n;
}

/* xenstored's do_watch() up to the acknowledgement */
static int watch_add(XsStore *s, unsigned int dom, const char *path,
                     const char *token, XsWatchFn *fn, void *opaque,
                     XsWatch **wp)
{
    g_autofree char *canon = NULL;
    bool relative = false;
    XsWatch *w;

    if (path[0] == '@') {
        if (strlen(path) > XENSTORE_REL_PATH_MAX) {
            return -EINVAL;
        }
        canon = g_strdup(path);
    } else {
        relative = path[0] != '/';
        canon = path_canon(dom, path);
        if (!path_valid(s, canon)) {
            return -EINVAL;
        }
    }
    if (watch_find(s, dom, canon, token, fn, opaque)) {
        return -EEXIST;
    }
    if (dom != 0 && dom_watches(s, dom) > s->quota.watches) {
        return -E2BIG;
    }
    w = g_new0(XsWatch, 1);
    w->dom = dom;
    w->relative = relative;
    w->path = g_steal_pointer(&canon);
    w->token = g_strdup(token);
    w->fn = fn;
    w->opaque = opaque;
    s->watches = g_list_append(s->watches, w);
    *wp = w;
    return 0;
}

static void watch_fire_initial(XsWatch *w)
{
    w->fn(w->opaque, watch_event_path(w, w->path), w->token);
}

/* Transactions */

static void tx_free(gpointer p)
{
    XsTx *tx = p;

    g_hash_table_destroy(tx->access);
    g_ptr_array_free(tx->order, true);
    g_free(tx);
}

static XsTx *tx_new(XsTransaction id, unsigned int dom, void *owner)
{
    XsTx *tx = g_new0(XsTx, 1);

    tx->id = id;
    tx->dom = dom;
    tx->owner = owner;
    tx->access = g_hash_table_new(g_str_hash, g_str_equal);
    tx->order = g_ptr_array_new_with_free_func(access_free);
    return tx;
}

static XsTx *tx_lookup(XsStore *s, unsigned int dom, XsTransaction id)
{
    XsTx *tx = g_hash_table_lookup(s->txs, GUINT_TO_POINTER(id));

    return tx && tx->dom == dom ? tx : NULL;
}

static int tx_start(XsStore *s, unsigned int dom, void *owner,
                    XsTransaction *id)
{
    GHashTableIter iter;
    uint32_t open = 0;
    XsTx *tx;

    if (dom != 0) {
        g_hash_table_iter_init(&iter, s->txs);
        while (g_hash_table_iter_next(&iter, NULL, (gpointer *)&tx)) {
            open += tx->dom == dom;
        }
        if (open > s->quota.transactions) {
            return -ENOSPC;
        }
    }
    while (!s->next_tx ||
           g_hash_table_contains(s->txs, GUINT_TO_POINTER(s->next_tx))) {
        s->next_tx++;
    }
    *id = s->next_tx++;
    g_hash_table_insert(s->txs, GUINT_TO_POINTER(*id),
                        tx_new(*id, dom, owner));
    return 0;
}

/* xenstored's do_transaction_end() and finalize_transaction() */
static int tx_commit(XsStore *s, XsTx *tx)
{
    uint32_t i;

    if (tx->fail) {
        return -ENOMEM;
    }
    if (tx->created && tx->dom != 0 && tx->delta_used &&
        (int64_t)s->guest_nodes + tx->delta >= s->quota.nodes) {
        return -ENOSPC;
    }
    for (i = 0; i < tx->order->len; i++) {
        XsAccess *a = g_ptr_array_index(tx->order, i);
        XsNode *n = g_hash_table_lookup(s->nodes, a->path);

        if ((n ? n->gen : XS_NO_GEN) != (a->orig ? a->orig->gen : XS_NO_GEN)) {
            return -EAGAIN;
        }
    }
    for (i = 0; i < tx->order->len; i++) {
        XsAccess *a = g_ptr_array_index(tx->order, i);
        XsNode *n = a->node;

        if (!a->modified) {
            continue;
        }
        if (n) {
            n = n->ref == 1 ? node_ref(n) : node_copy(n);
            n->gen = ++s->gen;
        }
        main_set(s, a->path, n);
    }
    for (i = 0; i < tx->order->len; i++) {
        XsAccess *a = g_ptr_array_index(tx->order, i);

        if (a->modified && a->fire) {
            fire_now(s, a->path, NULL, NULL, a->exact, a->orig);
        }
    }
    return 0;
}

static int tx_end(XsStore *s, XsTx *tx, bool commit)
{
    int err = 0;

    g_hash_table_steal(s->txs, GUINT_TO_POINTER(tx->id));
    if (commit) {
        err = tx_commit(s, tx);
    }
    tx_free(tx);
    return err;
}

static void reset_client(XsStore *s, unsigned int dom, void *opaque)
{
    GHashTableIter iter;
    GList *l, *next;
    XsTx *tx;

    for (l = s->watches; l; l = next) {
        XsWatch *w = l->data;

        next = l->next;
        if (w->dom == dom && w->opaque == opaque) {
            watch_free(w);
            s->watches = g_list_delete_link(s->watches, l);
        }
    }
    g_hash_table_iter_init(&iter, s->txs);
    while (g_hash_table_iter_next(&iter, NULL, (gpointer *)&tx)) {
        if (tx->dom == dom && tx->owner == opaque) {
            g_hash_table_iter_remove(&iter);
        }
    }
}

/* The operations */

/* xenstored's get_node() with errno_from_parents() */
static int get_node(XsStore *s, XsTx *tx, unsigned int dom, const char *path,
                    unsigned int perm, XsNode **np)
{
    g_autofree char *p = NULL;
    XsNode *n, *pn = NULL;
    int err;

    *np = NULL;
    if (!path_valid(s, path)) {
        return -EINVAL;
    }
    err = view_get(s, tx, path, &n);
    if (err) {
        return err;
    }
    if (n && (perm_for(dom, n) & perm) == perm) {
        *np = n;
        return 0;
    }
    err = n ? -EACCES : -ENOENT;

    /* Do not tell what is there unless the parents would. */
    p = g_strdup(path);
    do {
        char *q = path_parent(p);
        int e;

        g_free(p);
        p = q;
        e = view_get(s, tx, p, &pn);
        if (e) {
            return e;
        }
    } while (!pn && strcmp(p, "/"));
    if (!pn || !(perm_for(dom, pn) & perm)) {
        return -EACCES;
    }
    return err;
}

static bool size_ok(XsStore *s, unsigned int dom, size_t size)
{
    return dom == 0 || size < s->quota.node_size;
}

/* xenstored's construct_node() and create_node(): @path is absent. */
static int create(XsStore *s, XsTx *tx, unsigned int dom, const char *path,
                  const void *data, size_t len, XsNode **leaf)
{
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
    g_autofree char *pname = NULL;
    XsNode *parent = NULL, *n;
    uint32_t i, k;
    int err;

    /* names[0] is @path, names[i + 1] the parent of names[i]. */
    g_ptr_array_add(names, g_strdup(path));
    for (;;) {
        pname = path_parent(g_ptr_array_index(names, names->len - 1));
        err = view_get(s, tx, pname, &parent);
        if (err) {
            return err;
        }
        if (parent) {
            break;
        }
        if (!strcmp(pname, "/")) {
            return -EINVAL;      /* no root: not reached */
        }
        g_ptr_array_add(names, g_steal_pointer(&pname));
    }
    k = names->len;

    if (dom != 0) {
        uint64_t owned = dom_nodes(s, dom);
        size_t size = XS_NODE_HDR_SIZE +
                      (size_t)parent->nperms * XS_NODE_PERM_SIZE;
        const char *top = g_ptr_array_index(names, k - 1);

        /* In a transaction xenstored counts the store's nodes only. */
        if (tx ? owned >= s->quota.nodes : owned + k > s->quota.nodes) {
            return -ENOSPC;
        }
        for (i = 0; i < k; i++) {
            size_t extra = len;

            if (i) {
                extra = strlen(path_base(g_ptr_array_index(names, i - 1))) + 1;
            }
            if (!size_ok(s, dom, size + extra)) {
                goto too_big;
            }
        }
        if (!size_ok(s, dom, node_size(parent) + strlen(path_base(top)) + 1)) {
            goto too_big;
        }
    }

    /* Inherit the parent's permissions; a domain owns what it creates. */
    for (i = 0; i < k; i++) {
        n = node_new(parent->nperms, parent->perms, NULL, 0, NULL, 0);
        if (dom != 0) {
            n->perms[0].id = dom;
        }
        if (i) {
            node_add_child(n, path_base(g_ptr_array_index(names, i - 1)));
        } else {
            node_set_data(n, data, len);
            *leaf = n;
        }
        tx_count(s, tx, n, 1);
        view_put(s, tx, g_ptr_array_index(names, i), n);
    }
    n = node_copy(parent);
    node_add_child(n, path_base(g_ptr_array_index(names, k - 1)));
    view_put(s, tx, pname, n);
    if (tx) {
        tx->created = true;
    }
    return 0;

too_big:
    if (tx) {
        tx->fail = true;
    }
    return -ENOSPC;
}

static int op_write(XsStore *s, XsTx *tx, unsigned int dom, const char *path,
                    const void *data, size_t len)
{
    g_autofree char *name = path_canon(dom, path);
    XsNode *n, *c;
    int err;

    err = get_node(s, tx, dom, name, XS_PERM_WRITE, &n);
    if (n) {
        c = node_copy(n);
        node_set_data(c, data, len);
        if (!size_ok(s, dom, node_size(c))) {
            node_unref(c);
            if (tx) {
                tx->fail = true;
            }
            return -ENOSPC;
        }
        view_put(s, tx, name, c);
    } else if (err != -ENOENT) {
        return err;
    } else {
        err = create(s, tx, dom, name, data, len, &c);
        if (err) {
            return err;
        }
    }
    fire(s, tx, name, c, NULL, false, NULL);
    return 0;
}

static int op_mkdir(XsStore *s, XsTx *tx, unsigned int dom, const char *path)
{
    g_autofree char *name = path_canon(dom, path);
    XsNode *n;
    int err;

    err = get_node(s, tx, dom, name, XS_PERM_WRITE, &n);
    if (n) {
        return 0;
    }
    if (err != -ENOENT) {
        return err;
    }
    err = create(s, tx, dom, name, NULL, 0, &n);
    if (!err) {
        fire(s, tx, name, n, NULL, false, NULL);
    }
    return err;
}

typedef struct XsRmFrame {
    char *path;
    XsNode *node;
    uint32_t off;
} XsRmFrame;

typedef struct XsRmItem {
    char *path;
    XsNode *node;
    XsNode *parent;
} XsRmItem;

static void rm_item_free(gpointer p)
{
    XsRmItem *it = p;

    g_free(it->path);
    node_unref(it->node);
    node_unref(it->parent);
    g_free(it);
}

/* xenstored's rm_node(): @name and its subtree, children first */
static int rm_node(XsStore *s, XsTx *tx, const char *name, XsNode *node)
{
    g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func(rm_item_free);
    g_autoptr(GArray) stack = g_array_new(false, false, sizeof(XsRmFrame));
    g_autofree char *pname = path_parent(name);
    XsRmFrame f = { g_strdup(name), node_ref(node), 0 };
    XsNode *parent;
    int err = 0;
    uint32_t i;

    err = view_get(s, tx, pname, &parent);
    if (err) {
        g_free(f.path);
        node_unref(f.node);
        return err;
    }
    if (!parent) {
        g_free(f.path);
        node_unref(f.node);
        return -EINVAL;
    }
    g_array_append_val(stack, f);
    while (stack->len) {
        XsRmFrame *top = &g_array_index(stack, XsRmFrame, stack->len - 1);
        XsNode *cn;

        if (!err && top->off < top->node->childlen) {
            const char *cname = top->node->children + top->off;
            char *cpath = path_child(top->path, cname);

            top->off += strlen(cname) + 1;
            err = view_get(s, tx, cpath, &cn);
            if (err || !cn) {
                /* A child missing: a transaction's view, it will fail. */
                g_free(cpath);
                continue;
            }
            f.path = cpath;
            f.node = node_ref(cn);
            f.off = 0;
            g_array_append_val(stack, f);
        } else {
            XsRmItem *it = g_new0(XsRmItem, 1);

            it->path = top->path;
            it->node = top->node;
            if (stack->len > 1) {
                it->parent = node_ref(g_array_index(stack, XsRmFrame,
                                                    stack->len - 2).node);
            }
            g_ptr_array_add(items, it);
            g_array_set_size(stack, stack->len - 1);
        }
    }
    if (err) {
        return err;
    }

    for (i = 0; i < items->len; i++) {
        XsRmItem *it = g_ptr_array_index(items, i);

        fire(s, tx, it->path, it->node, it->parent, strcmp(it->path, name),
             NULL);
    }
    for (i = 0; i < items->len; i++) {
        XsRmItem *it = g_ptr_array_index(items, i);

        tx_count(s, tx, it->node, -1);
        view_put(s, tx, it->path, NULL);
    }
    parent = node_copy(parent);
    node_del_child(parent, path_base(name));
    view_put(s, tx, pname, parent);
    return 0;
}

static int op_rm(XsStore *s, XsTx *tx, unsigned int dom, const char *path)
{
    g_autofree char *name = path_canon(dom, path);
    g_autofree char *pname = NULL;
    XsNode *n, *pn;
    int err;

    err = get_node(s, tx, dom, name, XS_PERM_WRITE, &n);
    if (!n) {
        if (err != -ENOENT) {
            return err;
        }
        /* Not there: fine if the parent is. */
        pname = path_parent(name);
        err = view_get(s, tx, pname, &pn);
        return err ? err : pn ? 0 : -ENOENT;
    }
    if (!strcmp(name, "/")) {
        return -EINVAL;
    }
    return rm_node(s, tx, name, n);
}

static int op_set_perms(XsStore *s, XsTx *tx, unsigned int dom,
                        const char *path, const XsPerm *perms,
                        uint32_t nperms)
{
    g_autofree char *name = NULL;
    XsNode *n, *c;
    int err, i;

    /* xenstored ignores the entries of domains that do not exist... */
    if (!dom_exists(s, perms[0].id)) {
        return -ENOENT;          /* ...but not the owner */
    }
    if (path[0] == '@') {
        for (i = 0; i < ARRAY_SIZE(special_names); i++) {
            if (!strcmp(path, special_names[i])) {
                break;
            }
        }
        if (i == ARRAY_SIZE(special_names)) {
            return -EINVAL;
        }
        if ((perm_for(dom, s->special[i]) & (XS_PERM_WRITE | XS_PERM_OWNER))
            != (XS_PERM_WRITE | XS_PERM_OWNER)) {
            return -EACCES;
        }
        node_unref(s->special[i]);
        s->special[i] = node_new(nperms, perms, NULL, 0, NULL, 0);
        return 0;
    }

    name = path_canon(dom, path);
    err = get_node(s, tx, dom, name, XS_PERM_WRITE | XS_PERM_OWNER, &n);
    if (!n) {
        return err;
    }
    if (dom != 0 && perms[0].id != node_owner(n)) {
        return -EPERM;
    }
    c = node_copy(n);
    node_set_perms(c, perms, nperms);
    if (!size_ok(s, dom, node_size(c))) {
        node_unref(c);
        if (tx) {
            tx->fail = true;
        }
        return -ENOSPC;
    }
    node_ref(n);
    tx_count(s, tx, n, -1);
    tx_count(s, tx, c, 1);
    view_put(s, tx, name, c);
    fire(s, tx, name, c, NULL, false, n);
    node_unref(n);
    return 0;
}

static int op_get(XsStore *s, XsTx *tx, unsigned int dom, const char *path,
                  XsNode **np)
{
    g_autofree char *name = path_canon(dom, path);

    return get_node(s, tx, dom, name, XS_PERM_READ, np);
}

static int perms_parse(XsStore *s, unsigned int dom, const char *const *strs,
                       uint32_t n, XsPerm **perms)
{
    uint32_t i;

    if (!n) {
        return -EINVAL;
    }
    if (dom != 0 && n > s->quota.perms) {
        return -ENOSPC;
    }
    *perms = g_new(XsPerm, n);
    for (i = 0; i < n; i++) {
        if (!perm_parse(strs[i], &(*perms)[i])) {
            g_free(*perms);
            *perms = NULL;
            return -EINVAL;
        }
    }
    return 0;
}

/* The API */

static int api_tx(XsStore *s, unsigned int dom, XsTransaction id, XsTx **tx)
{
    *tx = NULL;
    if (id == XS_TRANSACTION_NONE) {
        return 0;
    }
    *tx = tx_lookup(s, dom, id);
    return *tx ? 0 : -ENOENT;
}

const XsQuota xs_quota_defaults = {
    .nodes = XS_QUOTA_DEFAULT_NODES,
    .node_size = XS_QUOTA_DEFAULT_NODE_SIZE,
    .watches = XS_QUOTA_DEFAULT_WATCHES,
    .transactions = XS_QUOTA_DEFAULT_TRANSACTIONS,
    .outstanding = XS_QUOTA_DEFAULT_OUTSTANDING,
    .path_len = XS_QUOTA_DEFAULT_PATH_LEN,
    .perms = XS_QUOTA_DEFAULT_PERMS,
    .transaction_nodes = XS_QUOTA_DEFAULT_TRANSACTION_NODES,
    .memory = XS_QUOTA_DEFAULT_MEMORY,
};

XsStore *xs_store_new(unsigned int domid, const XsQuota *quota)
{
    static const XsPerm none = { 0, XS_PERM_NONE };
    XsStore *s = g_new0(XsStore, 1);
    int i;

    s->domid = domid;
    s->quota = quota ? *quota : xs_quota_defaults;
    s->nodes = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                     node_unref_cb);
    main_set(s, "/", node_new(1, &none, NULL, 0, NULL, 0));
    s->txs = g_hash_table_new_full(NULL, NULL, NULL, tx_free);
    s->next_tx = 1;
    for (i = 0; i < ARRAY_SIZE(s->special); i++) {
        s->special[i] = node_new(1, &none, NULL, 0, NULL, 0);
    }
    return s;
}

void xs_store_free(XsStore *s)
{
    int i;

    if (!s) {
        return;
    }
    g_list_free_full(s->watches, (GDestroyNotify)watch_free);
    g_hash_table_destroy(s->txs);
    g_hash_table_destroy(s->nodes);
    for (i = 0; i < ARRAY_SIZE(s->special); i++) {
        node_unref(s->special[i]);
    }
    g_free(s);
}

int xs_impl_read(XsStore *s, unsigned int dom, XsTransaction tx,
                 const char *path, GByteArray *data)
{
    XsNode *n;
    XsTx *t;
    int err = api_tx(s, dom, tx, &t);

    if (!err) {
        err = op_get(s, t, dom, path, &n);
    }
    if (!err && n->datalen) {
        g_byte_array_append(data, n->data, n->datalen);
    }
    return -err;
}

int xs_impl_write(XsStore *s, unsigned int dom, XsTransaction tx,
                  const char *path, GByteArray *data)
{
    XsTx *t;
    int err = api_tx(s, dom, tx, &t);

    return -(err ? err : op_write(s, t, dom, path, data->data, data->len));
}

int xs_impl_mkdir(XsStore *s, unsigned int dom, XsTransaction tx,
                  const char *path)
{
    XsTx *t;
    int err = api_tx(s, dom, tx, &t);

    return -(err ? err : op_mkdir(s, t, dom, path));
}

int xs_impl_rm(XsStore *s, unsigned int dom, XsTransaction tx,
               const char *path)
{
    XsTx *t;
    int err = api_tx(s, dom, tx, &t);

    return -(err ? err : op_rm(s, t, dom, path));
}

int xs_impl_directory(XsStore *s, unsigned int dom, XsTransaction tx,
                      const char *path, uint64_t *gencnt, GList **items)
{
    XsNode *n;
    XsTx *t;
    uint32_t off;
    int err = api_tx(s, dom, tx, &t);

    if (!err) {
        err = op_get(s, t, dom, path, &n);
    }
    if (err) {
        return -err;
    }
    *items = NULL;
    for (off = 0; off < n->childlen; off += strlen(n->children + off) + 1) {
        *items = g_list_prepend(*items, g_strdup(n->children + off));
    }
    *items = g_list_reverse(*items);
    if (gencnt) {
        *gencnt = n->gen;
    }
    return 0;
}

int xs_impl_get_perms(XsStore *s, unsigned int dom, XsTransaction tx,
                      const char *path, GList **perms)
{
    XsNode *n;
    XsTx *t;
    uint32_t i;
    int err = api_tx(s, dom, tx, &t);

    if (!err) {
        err = op_get(s, t, dom, path, &n);
    }
    if (err) {
        return -err;
    }
    *perms = NULL;
    for (i = n->nperms; i > 0; i--) {
        *perms = g_list_prepend(*perms, perm_string(&n->perms[i - 1]));
    }
    return 0;
}

int xs_impl_set_perms(XsStore *s, unsigned int dom, XsTransaction tx,
                      const char *path, GList *perms)
{
    g_autofree const char **strs = NULL;
    g_autofree XsPerm *p = NULL;
    uint32_t n = g_list_length(perms), i = 0;
    XsTx *t;
    GList *l;
    int err = api_tx(s, dom, tx, &t);

    if (err) {
        return -err;
    }
    strs = g_new(const char *, n + 1);
    for (l = perms; l; l = l->next) {
        strs[i++] = l->data;
    }
    err = perms_parse(s, dom, strs, n, &p);
    return -(err ? err : op_set_perms(s, t, dom, path, p, n));
}

int xs_impl_transaction_start(XsStore *s, unsigned int dom,
                              XsTransaction *tx)
{
    return -tx_start(s, dom, NULL, tx);
}

int xs_impl_transaction_end(XsStore *s, unsigned int dom, XsTransaction tx,
                            bool commit)
{
    XsTx *t = tx ? tx_lookup(s, dom, tx) : NULL;

    return t ? -tx_end(s, t, commit) : ENOENT;
}

int xs_impl_watch(XsStore *s, unsigned int dom, const char *path,
                  const char *token, XsWatchFn *fn, void *opaque)
{
    XsWatch *w;
    int err = watch_add(s, dom, path, token, fn, opaque, &w);

    if (!err) {
        watch_fire_initial(w);
    }
    return -err;
}

static int watch_del(XsStore *s, unsigned int dom, const char *path,
                     const char *token, XsWatchFn *fn, void *opaque)
{
    g_autofree char *canon = path_canon(dom, path);
    XsWatch *w = watch_find(s, dom, canon, token, fn, opaque);

    if (!w) {
        return -ENOENT;
    }
    s->watches = g_list_remove(s->watches, w);
    watch_free(w);
    return 0;
}

int xs_impl_unwatch(XsStore *s, unsigned int dom, const char *path,
                    const char *token, XsWatchFn *fn, void *opaque)
{
    return -watch_del(s, dom, path, token, fn, opaque);
}

int xs_impl_reset_watches(XsStore *s, unsigned int dom, void *opaque)
{
    reset_client(s, dom, opaque);
    return 0;
}

void xs_impl_fire_special(XsStore *s, const char *special)
{
    fire_now(s, special, NULL, NULL, true, NULL);
}

/* A guest connection */

typedef struct XsReq {
    struct xsd_sockmsg hdr;
    char *buf;                  /* hdr.len bytes and a NUL */
    XsTx *tx;
} XsReq;

static void out_push(XsConn *c, uint32_t type, uint32_t req_id,
                     uint32_t tx_id, const void *data, uint32_t len,
                     uint32_t serial, GBytes *event)
{
    struct xsd_sockmsg hdr = {
        .type = type, .req_id = req_id, .tx_id = tx_id, .len = len,
    };
    XsOut *o = g_malloc(sizeof(XsOut) + XS_HDR_SIZE + len);
    XsOut *tail = g_queue_peek_tail(&c->out);

    o->serial = serial;
    o->len = XS_HDR_SIZE + len;
    o->used = 0;
    o->event = event;
    memcpy(o->buf, &hdr, XS_HDR_SIZE);
    if (len) {
        memcpy(o->buf + XS_HDR_SIZE, data, len);
    }
    if (serial && !(tail && tail->serial == serial)) {
        c->outstanding++;
    }
    if (event) {
        gpointer n = g_hash_table_lookup(c->events, event);

        g_hash_table_insert(c->events, g_bytes_ref(event),
                            GUINT_TO_POINTER(GPOINTER_TO_UINT(n) + 1));
    }
    g_queue_push_tail(&c->out, o);
    c->out_bytes += o->len;
}

static void out_pop(XsConn *c)
{
    XsOut *o = g_queue_pop_head(&c->out);
    XsOut *next = g_queue_peek_head(&c->out);

    if (o->serial && !(next && next->serial == o->serial)) {
        c->outstanding--;
    }
    c->out_bytes -= o->len;
    if (o->event) {
        unsigned int n = GPOINTER_TO_UINT(g_hash_table_lookup(c->events,
                                                              o->event));

        if (n > 1) {
            g_hash_table_insert(c->events, g_bytes_ref(o->event),
                                GUINT_TO_POINTER(n - 1));
        } else {
            g_hash_table_remove(c->events, o->event);
        }
        g_bytes_unref(o->event);
    }
    g_free(o);
}

static void out_clear(XsConn *c)
{
    while (!g_queue_is_empty(&c->out)) {
        out_pop(c);
    }
    c->outstanding = 0;
}

/* xenstored's send_event(): the XsWatchFn of a connection's watches */
static void conn_event(void *opaque, const char *path, const char *token)
{
    XsConn *c = opaque;
    size_t plen = strlen(path) + 1, len = plen + strlen(token) + 1;
    uint32_t serial;
    GBytes *event;
    char *buf;

    if (len > XENSTORE_PAYLOAD_MAX) {
        return;
    }
    buf = g_malloc(len);
    memcpy(buf, path, plen);
    memcpy(buf + plen, token, len - plen);
    event = g_bytes_new_take(buf, len);

    /* An identical event pending already is enough (but for specials). */
    if (path[0] != '@' && g_hash_table_contains(c->events, event)) {
        g_bytes_unref(event);
        return;
    }
    /* xenstored's memory quota: drop what would go beyond */
    if (c->domid != 0 &&
        c->out_bytes + XS_HDR_SIZE + len >= c->s->quota.memory) {
        g_bytes_unref(event);
        return;
    }
    serial = c->s->cur_conn == c ? c->cur_serial : 0;
    out_push(c, XS_WATCH_EVENT, 0, 0, buf, len, serial,
             path[0] != '@' ? event : NULL);
    if (path[0] == '@') {
        g_bytes_unref(event);
    }
    if (!c->in_write && c->notify) {
        c->notify(c->opaque);
    }
}

static void conn_reply(XsConn *c, XsReq *r, uint32_t type, const void *data,
                       size_t len);

static void conn_error(XsConn *c, XsReq *r, int err)
{
    const char *str = "EINVAL";
    int i;

    for (i = 0; i < ARRAY_SIZE(xsd_errors); i++) {
        if (xsd_errors[i].errnum == -err) {
            str = xsd_errors[i].errstring;
            break;
        }
    }
    conn_reply(c, r, XS_ERROR, str, strlen(str) + 1);
}

/* xenstored's send_reply() */
static void conn_reply(XsConn *c, XsReq *r, uint32_t type, const void *data,
                       size_t len)
{
    if (len > XENSTORE_PAYLOAD_MAX) {
        conn_error(c, r, -E2BIG);
        return;
    }
    out_push(c, type, r->hdr.req_id, r->hdr.tx_id, data, len, c->cur_serial,
             NULL);
}

static void conn_ack(XsConn *c, XsReq *r)
{
    conn_reply(c, r, r->hdr.type, "OK", 3);
}

/* The payload is exactly one string (xenstored's onearg()) */
static const char *req_onearg(XsReq *r)
{
    if (!r->hdr.len || memchr(r->buf, 0, r->hdr.len) !=
        r->buf + r->hdr.len - 1) {
        return NULL;
    }
    return r->buf;
}

/* The number of NULs (xenstored's xs_count_strings(), get_strings()) */
static uint32_t req_nuls(XsReq *r)
{
    uint32_t i, n = 0;

    for (i = 0; i < r->hdr.len; i++) {
        n += !r->buf[i];
    }
    return n;
}

static int xs_atoi(const char *str)
{
    return (int)g_ascii_strtoll(str, NULL, 10);
}

static int h_directory(XsConn *c, XsReq *r)
{
    const char *path = req_onearg(r);
    XsNode *n;
    int err;

    if (!path) {
        return -EINVAL;
    }
    err = op_get(c->s, r->tx, c->domid, path, &n);
    if (!err) {
        conn_reply(c, r, XS_DIRECTORY, n->children, n->childlen);
    }
    return err;
}

/* xenstored's send_directory_part() */
static int h_directory_part(XsConn *c, XsReq *r)
{
    g_autofree char *data = NULL;
    char gen[24];
    unsigned int off, len, maxlen, genlen;
    const char *child;
    XsNode *n;
    int err;

    if (req_nuls(r) != 2) {
        return -EINVAL;
    }
    err = op_get(c->s, r->tx, c->domid, r->buf, &n);
    if (err) {
        return err;
    }
    off = xs_atoi(r->buf + strlen(r->buf) + 1);
    genlen = snprintf(gen, sizeof(gen), "%" PRIu64, n->gen) + 1;

    if (off >= n->childlen) {
        gen[genlen] = 0;
        conn_reply(c, r, XS_DIRECTORY_PART, gen, genlen + 1);
        return 0;
    }
    len = 0;
    maxlen = XENSTORE_PAYLOAD_MAX - genlen - 1;
    child = n->children + off;
    while (len + strlen(child) < maxlen) {
        len += strlen(child) + 1;
        child += strlen(child) + 1;
        if (off + len == n->childlen) {
            break;
        }
    }
    data = g_malloc(genlen + len + 1);
    memcpy(data, gen, genlen);
    memcpy(data + genlen, n->children + off, len);
    if (off + len == n->childlen) {
        data[genlen + len] = 0;
        len++;
    }
    conn_reply(c, r, XS_DIRECTORY_PART, data, genlen + len);
    return 0;
}

static int h_read(XsConn *c, XsReq *r)
{
    const char *path = req_onearg(r);
    XsNode *n;
    int err;

    if (!path) {
        return -EINVAL;
    }
    err = op_get(c->s, r->tx, c->domid, path, &n);
    if (!err) {
        conn_reply(c, r, XS_READ, n->data, n->datalen);
    }
    return err;
}

static int h_get_perms(XsConn *c, XsReq *r)
{
    const char *path = req_onearg(r);
    g_autoptr(GString) str = NULL;
    XsNode *n;
    uint32_t i;
    int err;

    if (!path) {
        return -EINVAL;
    }
    err = op_get(c->s, r->tx, c->domid, path, &n);
    if (err) {
        return err;
    }
    str = g_string_new(NULL);
    for (i = 0; i < n->nperms; i++) {
        g_autofree char *p = perm_string(&n->perms[i]);

        g_string_append_len(str, p, strlen(p) + 1);
    }
    conn_reply(c, r, XS_GET_PERMS, str->str, str->len);
    return 0;
}

static int h_watch(XsConn *c, XsReq *r)
{
    const char *token = r->buf + strlen(r->buf) + 1;
    uint32_t serial = c->cur_serial;
    XsWatch *w;
    int err;

    if (req_nuls(r) != 2) {
        return -EINVAL;
    }
    err = watch_add(c->s, c->domid, r->buf, token, conn_event, c, &w);
    if (err) {
        return err;
    }
    conn_ack(c, r);
    /* The first event is not the request's (xenstored: req NULL). */
    c->cur_serial = 0;
    watch_fire_initial(w);
    c->cur_serial = serial;
    return 0;
}

static int h_unwatch(XsConn *c, XsReq *r)
{
    int err;

    if (req_nuls(r) != 2) {
        return -EINVAL;
    }
    err = watch_del(c->s, c->domid, r->buf, r->buf + strlen(r->buf) + 1,
                    conn_event, c);
    if (!err) {
        conn_ack(c, r);
    }
    return err;
}

static int h_transaction_start(XsConn *c, XsReq *r)
{
    char id[16];
    XsTransaction tx;
    int err;

    if (r->tx) {
        return -EBUSY;
    }
    err = tx_start(c->s, c->domid, c, &tx);
    if (!err) {
        snprintf(id, sizeof(id), "%u", tx);
        conn_reply(c, r, XS_TRANSACTION_START, id, strlen(id) + 1);
    }
    return err;
}

static int h_transaction_end(XsConn *c, XsReq *r)
{
    const char *arg = req_onearg(r);
    int err;

    if (!arg || (strcmp(arg, "T") && strcmp(arg, "F"))) {
        return -EINVAL;
    }
    if (!r->tx) {
        return -ENOENT;
    }
    err = tx_end(c->s, r->tx, arg[0] == 'T');
    r->tx = NULL;
    if (!err) {
        conn_ack(c, r);
    }
    return err;
}

static int h_get_domain_path(XsConn *c, XsReq *r)
{
    const char *arg = req_onearg(r);
    g_autofree char *path = NULL;

    if (!arg) {
        return -EINVAL;
    }
    path = g_strdup_printf("/local/domain/%u", (unsigned int)xs_atoi(arg));
    conn_reply(c, r, XS_GET_DOMAIN_PATH, path, strlen(path) + 1);
    return 0;
}

static int h_is_domain_introduced(XsConn *c, XsReq *r)
{
    const char *arg = req_onearg(r);
    unsigned int dom;

    if (!arg) {
        return -EINVAL;
    }
    dom = xs_atoi(arg);
    conn_reply(c, r, XS_IS_DOMAIN_INTRODUCED,
               dom == XS_DOMID_SELF || dom_exists(c->s, dom) ? "T" : "F", 2);
    return 0;
}

static int h_write(XsConn *c, XsReq *r)
{
    size_t plen = strlen(r->buf) + 1;
    int err;

    if (!req_nuls(r)) {
        return -EINVAL;
    }
    err = op_write(c->s, r->tx, c->domid, r->buf, r->buf + plen,
                   r->hdr.len - plen);
    if (!err) {
        conn_ack(c, r);
    }
    return err;
}

/* MKDIR and RM: one path, "OK" or the error. */
static int h_path_op(XsConn *c, XsReq *r,
                     int (*op)(XsStore *, XsTx *, unsigned int, const char *))
{
    const char *path = req_onearg(r);
    int err;

    if (!path) {
        return -EINVAL;
    }
    err = op(c->s, r->tx, c->domid, path);
    if (!err) {
        conn_ack(c, r);
    }
    return err;
}

static int h_mkdir(XsConn *c, XsReq *r)
{
    return h_path_op(c, r, op_mkdir);
}

static int h_rm(XsConn *c, XsReq *r)
{
    return h_path_op(c, r, op_rm);
}

static int h_set_perms(XsConn *c, XsReq *r)
{
    g_autofree const char **strs = NULL;
    g_autofree XsPerm *perms = NULL;
    uint32_t n = req_nuls(r), i;
    const char *p = r->buf;
    int err;

    if (n < 2) {
        return -EINVAL;
    }
    n--;
    strs = g_new(const char *, n);
    for (i = 0; i < n; i++) {
        p += strlen(p) + 1;
        strs[i] = p;
    }
    err = perms_parse(c->s, c->domid, strs, n, &perms);
    if (!err) {
        err = op_set_perms(c->s, r->tx, c->domid, r->buf, perms, n);
    }
    if (!err) {
        conn_ack(c, r);
    }
    return err;
}

static int h_reset_watches(XsConn *c, XsReq *r)
{
    reset_client(c->s, c->domid, c);
    r->tx = NULL;
    conn_ack(c, r);
    return 0;
}

static int h_nosys(XsConn *c, XsReq *r)
{
    return -ENOSYS;
}

#define XS_FLAG_NOTID   1       /* ignores the transaction id */
#define XS_FLAG_PRIV    2       /* domain 0 only */

static const struct {
    int (*fn)(XsConn *c, XsReq *r);
    unsigned int flags;
} handlers[XS_TYPE_COUNT] = {
    [XS_CONTROL] = { h_nosys, XS_FLAG_PRIV },
    [XS_DIRECTORY] = { h_directory },
    [XS_READ] = { h_read },
    [XS_GET_PERMS] = { h_get_perms },
    [XS_WATCH] = { h_watch, XS_FLAG_NOTID },
    [XS_UNWATCH] = { h_unwatch, XS_FLAG_NOTID },
    [XS_TRANSACTION_START] = { h_transaction_start },
    [XS_TRANSACTION_END] = { h_transaction_end },
    [XS_INTRODUCE] = { h_nosys, XS_FLAG_PRIV },
    [XS_RELEASE] = { h_nosys, XS_FLAG_PRIV },
    [XS_GET_DOMAIN_PATH] = { h_get_domain_path },
    [XS_WRITE] = { h_write },
    [XS_MKDIR] = { h_mkdir },
    [XS_RM] = { h_rm },
    [XS_SET_PERMS] = { h_set_perms },
    [XS_IS_DOMAIN_INTRODUCED] = { h_is_domain_introduced, XS_FLAG_PRIV },
    [XS_RESUME] = { h_nosys, XS_FLAG_PRIV },
    [XS_SET_TARGET] = { h_nosys, XS_FLAG_PRIV },
    [XS_RESET_WATCHES] = { h_reset_watches },
    [XS_DIRECTORY_PART] = { h_directory_part },
};

/* xenstored's process_message() */
static int conn_dispatch(XsConn *c, XsReq *r)
{
    uint32_t type = r->hdr.type;
    XsTx *tx;

    if (type >= XS_TYPE_COUNT || !handlers[type].fn) {
        return -ENOSYS;
    }
    if ((handlers[type].flags & XS_FLAG_PRIV) && c->domid != 0) {
        return -EACCES;
    }
    if (!(handlers[type].flags & XS_FLAG_NOTID) && r->hdr.tx_id) {
        tx = tx_lookup(c->s, c->domid, r->hdr.tx_id);
        if (!tx || tx->owner != c) {
            return -ENOENT;
        }
        r->tx = tx;
    }
    return handlers[type].fn(c, r);
}

static void conn_handle(XsConn *c)
{
    XsReq r = { .tx = NULL };
    int err;

    memcpy(&r.hdr, c->in, XS_HDR_SIZE);
    r.buf = g_malloc(r.hdr.len + 1);
    memcpy(r.buf, c->in + XS_HDR_SIZE, r.hdr.len);
    r.buf[r.hdr.len] = 0;

    if (c->domid != 0) {
        c->cur_serial = ++c->serial ? c->serial : ++c->serial;
    }
    c->s->cur_conn = c;
    err = conn_dispatch(c, &r);
    if (err) {
        conn_error(c, &r, err);
    }
    c->s->cur_conn = NULL;
    c->cur_serial = 0;
    g_free(r.buf);
}

/* xenstored's ignore_connection() */
static void conn_fail(XsConn *c, uint32_t error)
{
    reset_client(c->s, c->domid, c);
    out_clear(c);
    c->in_used = 0;
    c->error = error;
}

XsConn *xs_conn_new(XsStore *s, unsigned int domid,
                    void (*notify)(void *opaque), void *opaque)
{
    XsConn *c = g_new0(XsConn, 1);

    c->s = s;
    c->domid = domid;
    c->notify = notify;
    c->opaque = opaque;
    g_queue_init(&c->out);
    c->events = g_hash_table_new_full(g_bytes_hash, g_bytes_equal,
                                      (GDestroyNotify)g_bytes_unref, NULL);
    return c;
}

void xs_conn_free(XsConn *c)
{
    if (!c) {
        return;
    }
    conn_fail(c, XENSTORE_ERROR_NONE);
    g_hash_table_destroy(c->events);
    g_free(c);
}

size_t xs_conn_write(XsConn *c, const void *buf, size_t len)
{
    const uint8_t *p = buf;
    size_t done = 0;
    struct xsd_sockmsg hdr;

    c->in_write = true;
    while (done < len && !c->error) {
        size_t want, n;

        if (c->domid != 0 && c->outstanding >= c->s->quota.outstanding) {
            break;
        }
        if (c->in_used < XS_HDR_SIZE) {
            want = XS_HDR_SIZE - c->in_used;
        } else {
            memcpy(&hdr, c->in, XS_HDR_SIZE);
            want = XS_HDR_SIZE + hdr.len - c->in_used;
        }
        n = MIN(want, len - done);
        memcpy(c->in + c->in_used, p + done, n);
        c->in_used += n;
        done += n;
        if (c->in_used < XS_HDR_SIZE) {
            break;
        }
        memcpy(&hdr, c->in, XS_HDR_SIZE);
        if (hdr.len > XENSTORE_PAYLOAD_MAX) {
            conn_fail(c, XENSTORE_ERROR_PROTO);
            break;
        }
        if (c->in_used == XS_HDR_SIZE + hdr.len) {
            conn_handle(c);
            c->in_used = 0;
        }
    }
    c->in_write = false;
    return done;
}

size_t xs_conn_read(XsConn *c, void *buf, size_t len)
{
    uint8_t *p = buf;
    size_t done = 0;

    while (done < len && !g_queue_is_empty(&c->out)) {
        XsOut *o = g_queue_peek_head(&c->out);
        size_t n = MIN(len - done, o->len - o->used);

        memcpy(p + done, o->buf + o->used, n);
        o->used += n;
        done += n;
        if (o->used == o->len) {
            out_pop(c);
        }
    }
    return done;
}

bool xs_conn_has_output(XsConn *c)
{
    return !g_queue_is_empty(&c->out);
}

uint32_t xs_conn_error(XsConn *c)
{
    return c->error;
}

void xs_conn_reset(XsConn *c)
{
    conn_fail(c, XENSTORE_ERROR_NONE);
}

/* Migration */

#define XS_STREAM_MAGIC     0x58535431      /* "XST1" */
#define XS_STREAM_VERSION   1

#define XS_ACC_MODIFIED     1
#define XS_ACC_FIRE         2
#define XS_ACC_EXACT        4
#define XS_ACC_ORIG         8
#define XS_ACC_NODE         16
#define XS_ACC_SAME         32

static void put_u8(GByteArray *b, uint8_t v)
{
    g_byte_array_append(b, &v, 1);
}

static void put_u32(GByteArray *b, uint32_t v)
{
    uint8_t le[4] = { v, v >> 8, v >> 16, v >> 24 };

    g_byte_array_append(b, le, 4);
}

static void put_u64(GByteArray *b, uint64_t v)
{
    put_u32(b, v);
    put_u32(b, v >> 32);
}

static void put_bytes(GByteArray *b, const void *data, uint32_t len)
{
    put_u32(b, len);
    if (len) {
        g_byte_array_append(b, data, len);
    }
}

static void put_str(GByteArray *b, const char *str)
{
    put_bytes(b, str, strlen(str));
}

static void put_perms(GByteArray *b, const XsNode *n)
{
    uint32_t i;

    put_u32(b, n->nperms);
    for (i = 0; i < n->nperms; i++) {
        put_u32(b, n->perms[i].id);
        put_u8(b, n->perms[i].perms);
    }
}

static void put_node(GByteArray *b, const XsNode *n)
{
    put_u64(b, n->gen);
    put_perms(b, n);
    put_bytes(b, n->data, n->datalen);
    put_bytes(b, n->children, n->childlen);
}

static gint cmp_str(gconstpointer a, gconstpointer b)
{
    return strcmp(a, b);
}

static gint cmp_tx(gconstpointer a, gconstpointer b)
{
    XsTransaction x = ((const XsTx *)a)->id, y = ((const XsTx *)b)->id;

    return x < y ? -1 : x > y;
}

GByteArray *xs_store_serialise(XsStore *s, XsConn *c)
{
    GByteArray *b = g_byte_array_new();
    g_autoptr(GList) paths = NULL;
    g_autoptr(GList) txs = NULL;
    GList *l;
    uint32_t n, i;
    int k;

    put_u32(b, XS_STREAM_MAGIC);
    put_u32(b, XS_STREAM_VERSION);
    put_u32(b, s->domid);
    put_u64(b, s->gen);
    put_u32(b, s->next_tx);
    for (k = 0; k < ARRAY_SIZE(s->special); k++) {
        put_perms(b, s->special[k]);
    }
    paths = g_list_sort(g_hash_table_get_keys(s->nodes), cmp_str);
    put_u32(b, g_list_length(paths));
    for (l = paths; l; l = l->next) {
        put_str(b, l->data);
        put_node(b, g_hash_table_lookup(s->nodes, l->data));
    }
    put_u8(b, !!c);
    if (!c) {
        return b;
    }

    put_u32(b, c->domid);
    put_u32(b, c->error);
    put_bytes(b, c->in, c->in_used);
    put_u32(b, c->serial);
    put_u32(b, g_queue_get_length(&c->out));
    for (l = c->out.head; l; l = l->next) {
        XsOut *o = l->data;

        put_u32(b, o->serial);
        put_u32(b, o->used);
        put_bytes(b, o->buf, o->len);
    }
    for (n = 0, l = s->watches; l; l = l->next) {
        n += ((XsWatch *)l->data)->opaque == c;
    }
    put_u32(b, n);
    for (l = s->watches; l; l = l->next) {
        XsWatch *w = l->data;

        if (w->opaque == c) {
            put_str(b, w->path);
            put_str(b, w->token);
            put_u8(b, w->relative);
        }
    }
    for (l = g_hash_table_get_values(s->txs); l; l = g_list_delete_link(l, l)) {
        if (((XsTx *)l->data)->owner == c) {
            txs = g_list_insert_sorted(txs, l->data, cmp_tx);
        }
    }
    put_u32(b, g_list_length(txs));
    for (l = txs; l; l = l->next) {
        XsTx *tx = l->data;

        put_u32(b, tx->id);
        put_u8(b, tx->fail | tx->created << 1 | tx->delta_used << 2);
        put_u32(b, tx->delta);
        put_u32(b, tx->order->len);
        for (i = 0; i < tx->order->len; i++) {
            XsAccess *a = g_ptr_array_index(tx->order, i);
            uint8_t flags = (a->modified ? XS_ACC_MODIFIED : 0) |
                            (a->fire ? XS_ACC_FIRE : 0) |
                            (a->exact ? XS_ACC_EXACT : 0) |
                            (a->orig ? XS_ACC_ORIG : 0) |
                            (a->node ? XS_ACC_NODE : 0) |
                            (a->node && a->node == a->orig ? XS_ACC_SAME : 0);

            put_str(b, a->path);
            put_u8(b, flags);
            if (a->orig) {
                put_node(b, a->orig);
            }
            if (a->node && a->node != a->orig) {
                put_node(b, a->node);
            }
        }
    }
    return b;
}

typedef struct XsReader {
    const uint8_t *p;
    size_t left;
    bool bad;
} XsReader;

static const uint8_t *get_raw(XsReader *r, size_t n)
{
    const uint8_t *p = r->p;

    if (r->bad || r->left < n) {
        r->bad = true;
        return NULL;
    }
    r->p += n;
    r->left -= n;
    return p;
}

static uint8_t get_u8(XsReader *r)
{
    const uint8_t *p = get_raw(r, 1);

    return p ? p[0] : 0;
}

static uint32_t get_u32(XsReader *r)
{
    const uint8_t *p = get_raw(r, 4);

    return p ? p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24 : 0;
}

static uint64_t get_u64(XsReader *r)
{
    uint64_t lo = get_u32(r);

    return lo | (uint64_t)get_u32(r) << 32;
}

static const uint8_t *get_bytes(XsReader *r, uint32_t *len)
{
    *len = get_u32(r);
    return get_raw(r, *len);
}

/* A string without NULs, at most @max bytes; NULL if not. */
static char *get_str(XsReader *r, uint32_t max)
{
    uint32_t len;
    const uint8_t *p = get_bytes(r, &len);

    if (!p || len > max || memchr(p, 0, len)) {
        r->bad = true;
        return NULL;
    }
    return g_strndup((const char *)p, len);
}

/* At least one permission, no more than the stream holds. */
static XsPerm *get_perms(XsReader *r, uint32_t *n)
{
    XsPerm *perms;
    uint32_t i;

    *n = get_u32(r);
    if (r->bad || !*n || *n > r->left / 5) {
        r->bad = true;
        return NULL;
    }
    perms = g_new(XsPerm, *n);
    for (i = 0; i < *n; i++) {
        perms[i].id = get_u32(r);
        perms[i].perms = get_u8(r);
        if (perms[i].perms & ~(XS_PERM_READ | XS_PERM_WRITE)) {
            r->bad = true;
        }
    }
    if (r->bad) {
        g_free(perms);
        return NULL;
    }
    return perms;
}

/* Each child name a valid, distinct path component, NUL-terminated */
static bool children_valid(const char *ch, uint32_t len)
{
    g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);
    uint32_t off = 0;

    if (len && ch[len - 1]) {
        return false;
    }
    while (off < len) {
        const char *name = ch + off;
        size_t n = strlen(name);

        if (!n || strchr(name, '/') || strspn(name, XS_VALID_CHARS) != n ||
            !g_hash_table_add(seen, (gpointer)name)) {
            return false;
        }
        off += n + 1;
    }
    return true;
}

static XsNode *get_node_rec(XsReader *r, uint64_t maxgen)
{
    const uint8_t *data;
    const uint8_t *ch;
    uint32_t nperms, datalen, childlen;
    g_autofree XsPerm *perms = NULL;
    uint64_t gen = get_u64(r);
    XsNode *n;

    perms = get_perms(r, &nperms);
    data = get_bytes(r, &datalen);
    ch = get_bytes(r, &childlen);
    if (r->bad || gen > maxgen ||
        !children_valid((const char *)ch, childlen)) {
        r->bad = true;
        return NULL;
    }
    n = node_new(nperms, perms, data, datalen, (const char *)ch, childlen);
    n->gen = gen;
    return n;
}

typedef struct XsLoad {
    GHashTable *nodes;
    XsNode *special[2];
    GQueue out;
    GList *watches;
    GList *txs;
    uint8_t in[XS_HDR_SIZE + XENSTORE_PAYLOAD_MAX];
} XsLoad;

static void load_free(XsLoad *ld)
{
    int i;

    if (ld->nodes) {
        g_hash_table_destroy(ld->nodes);
    }
    for (i = 0; i < ARRAY_SIZE(ld->special); i++) {
        node_unref(ld->special[i]);
    }
    while (!g_queue_is_empty(&ld->out)) {
        XsOut *o = g_queue_pop_head(&ld->out);

        if (o->event) {
            g_bytes_unref(o->event);
        }
        g_free(o);
    }
    g_list_free_full(ld->watches, (GDestroyNotify)watch_free);
    g_list_free_full(ld->txs, tx_free);
}

/* Every node's parent lists it, every listed child exists. */
static bool tree_valid(GHashTable *nodes)
{
    GHashTableIter iter;
    const char *path;
    XsNode *n;

    if (!g_hash_table_contains(nodes, "/")) {
        return false;
    }
    g_hash_table_iter_init(&iter, nodes);
    while (g_hash_table_iter_next(&iter, (gpointer *)&path, (gpointer *)&n)) {
        uint32_t off;

        if (strcmp(path, "/")) {
            g_autofree char *pname = path_parent(path);
            XsNode *pn = g_hash_table_lookup(nodes, pname);

            if (!pn || node_find_child(pn, path_base(path)) < 0) {
                return false;
            }
        }
        for (off = 0; off < n->childlen;
             off += strlen(n->children + off) + 1) {
            g_autofree char *cpath = path_child(path, n->children + off);

            if (!g_hash_table_contains(nodes, cpath)) {
                return false;
            }
        }
    }
    return true;
}

static bool load_conn(XsStore *s, XsConn *c, XsReader *r, uint64_t gen,
                      XsLoad *ld, uint32_t *error, uint32_t *in_used,
                      uint32_t *serial)
{
    g_autofree char *prefix = g_strdup_printf("/local/domain/%u/", c->domid);
    const uint8_t *in;
    uint32_t n, i, j;

    if (get_u32(r) != c->domid) {
        return false;
    }
    *error = get_u32(r);
    in = get_bytes(r, in_used);
    *serial = get_u32(r);
    if (r->bad || *error > XENSTORE_ERROR_PROTO ||
        *in_used > sizeof(c->in)) {
        return false;
    }
    if (*in_used >= XS_HDR_SIZE) {
        struct xsd_sockmsg hdr;

        memcpy(&hdr, in, XS_HDR_SIZE);
        if (hdr.len > XENSTORE_PAYLOAD_MAX ||
            *in_used >= XS_HDR_SIZE + hdr.len) {
            return false;
        }
    }
    memcpy(ld->in, in, *in_used);

    n = get_u32(r);
    for (i = 0; i < n && !r->bad; i++) {
        uint32_t oserial = get_u32(r), used = get_u32(r), len;
        const uint8_t *msg = get_bytes(r, &len);
        struct xsd_sockmsg hdr;
        XsOut *o;

        if (!msg || len < XS_HDR_SIZE || used >= len || (i && used)) {
            return false;
        }
        memcpy(&hdr, msg, XS_HDR_SIZE);
        if (hdr.len != len - XS_HDR_SIZE || hdr.len > XENSTORE_PAYLOAD_MAX) {
            return false;
        }
        o = g_malloc(sizeof(XsOut) + len);
        o->serial = oserial;
        o->len = len;
        o->used = used;
        o->event = NULL;
        memcpy(o->buf, msg, len);
        if (hdr.type == XS_WATCH_EVENT && hdr.len &&
            msg[XS_HDR_SIZE] != '@') {
            o->event = g_bytes_new(msg + XS_HDR_SIZE, hdr.len);
        }
        g_queue_push_tail(&ld->out, o);
    }

    n = get_u32(r);
    for (i = 0; i < n && !r->bad; i++) {
        g_autofree char *path = get_str(r, XENSTORE_ABS_PATH_MAX);
        g_autofree char *token = get_str(r, XENSTORE_PAYLOAD_MAX);
        uint8_t relative = get_u8(r);
        XsWatch *w;
        GList *l;

        if (r->bad || relative > 1) {
            return false;
        }
        if (path[0] == '@' ? relative || strlen(path) > XENSTORE_REL_PATH_MAX
            : !path_valid(s, path) ||
              (relative && !g_str_has_prefix(path, prefix))) {
            return false;
        }
        for (l = ld->watches; l; l = l->next) {
            w = l->data;
            if (!strcmp(w->path, path) && !strcmp(w->token, token)) {
                return false;
            }
        }
        w = g_new0(XsWatch, 1);
        w->dom = c->domid;
        w->relative = relative;
        w->path = g_steal_pointer(&path);
        w->token = g_steal_pointer(&token);
        w->fn = conn_event;
        w->opaque = c;
        ld->watches = g_list_append(ld->watches, w);
    }

    n = get_u32(r);
    for (i = 0; i < n && !r->bad; i++) {
        XsTransaction id = get_u32(r);
        uint8_t flags = get_u8(r);
        int32_t delta = get_u32(r);
        uint32_t na = get_u32(r);
        XsTx *tx;
        GList *l;

        tx = g_hash_table_lookup(s->txs, GUINT_TO_POINTER(id));
        if (r->bad || !id || flags > 7 || (tx && tx->owner != c)) {
            return false;
        }
        for (l = ld->txs; l; l = l->next) {
            if (((XsTx *)l->data)->id == id) {
                return false;
            }
        }
        tx = tx_new(id, c->domid, c);
        tx->fail = flags & 1;
        tx->created = flags & 2;
        tx->delta_used = flags & 4;
        tx->delta = delta;
        ld->txs = g_list_append(ld->txs, tx);
        for (j = 0; j < na && !r->bad; j++) {
            g_autofree char *path = get_str(r, XENSTORE_ABS_PATH_MAX);
            uint8_t af = get_u8(r);
            XsAccess *a;

            if (r->bad || af >= 64 || !path_valid(s, path) ||
                g_hash_table_contains(tx->access, path) ||
                ((af & XS_ACC_SAME) &&
                 (af & (XS_ACC_ORIG | XS_ACC_NODE)) !=
                 (XS_ACC_ORIG | XS_ACC_NODE))) {
                return false;
            }
            a = tx_add_access(tx, path, NULL);
            a->modified = af & XS_ACC_MODIFIED;
            a->fire = af & XS_ACC_FIRE;
            a->exact = af & XS_ACC_EXACT;
            if (af & XS_ACC_ORIG) {
                a->orig = get_node_rec(r, gen);
            }
            if (af & XS_ACC_SAME) {
                a->node = node_ref(a->orig);
            } else if (af & XS_ACC_NODE) {
                a->node = get_node_rec(r, gen);
            }
        }
    }
    return !r->bad;
}

int xs_store_deserialise(XsStore *s, XsConn *c, const uint8_t *data,
                         size_t len)
{
    XsReader r = { .p = data, .left = len };
    XsLoad ld = { .nodes = NULL };
    uint32_t error = 0, in_used = 0, serial = 0, next_tx, n, i;
    uint64_t gen;
    GList *l;
    int k;

    g_queue_init(&ld.out);
    if (get_u32(&r) != XS_STREAM_MAGIC ||
        get_u32(&r) != XS_STREAM_VERSION ||
        get_u32(&r) != s->domid) {
        goto bad;
    }
    gen = get_u64(&r);
    next_tx = get_u32(&r);
    if (gen == XS_NO_GEN) {
        goto bad;
    }
    for (k = 0; k < ARRAY_SIZE(ld.special); k++) {
        g_autofree XsPerm *perms = get_perms(&r, &n);

        if (!perms) {
            goto bad;
        }
        ld.special[k] = node_new(n, perms, NULL, 0, NULL, 0);
    }

    ld.nodes = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                     node_unref_cb);
    n = get_u32(&r);
    for (i = 0; i < n && !r.bad; i++) {
        char *path = get_str(&r, XENSTORE_ABS_PATH_MAX);
        XsNode *node = get_node_rec(&r, gen);

        if (!node || !path_valid(s, path) ||
            g_hash_table_contains(ld.nodes, path)) {
            node_unref(node);
            g_free(path);
            goto bad;
        }
        g_hash_table_insert(ld.nodes, path, node);
    }
    if (r.bad || !tree_valid(ld.nodes)) {
        goto bad;
    }

    if (get_u8(&r) != !!c ||
        (c && !load_conn(s, c, &r, gen, &ld, &error, &in_used, &serial)) ||
        r.bad || r.left) {
        goto bad;
    }

    /* All checked: take it. */
    g_hash_table_destroy(s->nodes);
    s->nodes = g_steal_pointer(&ld.nodes);
    s->guest_nodes = 0;
    for (l = g_hash_table_get_values(s->nodes); l;
         l = g_list_delete_link(l, l)) {
        s->guest_nodes += node_owner(l->data) == s->domid;
    }
    s->gen = gen;
    s->next_tx = next_tx;
    for (k = 0; k < ARRAY_SIZE(s->special); k++) {
        node_unref(s->special[k]);
        s->special[k] = g_steal_pointer(&ld.special[k]);
    }
    if (c) {
        conn_fail(c, error);
        memcpy(c->in, ld.in, in_used);
        c->in_used = in_used;
        c->serial = serial;
        while (!g_queue_is_empty(&ld.out)) {
            XsOut *o = g_queue_pop_head(&ld.out);
            XsOut *tail = g_queue_peek_tail(&c->out);

            if (o->serial && !(tail && tail->serial == o->serial)) {
                c->outstanding++;
            }
            if (o->event) {
                gpointer cnt = g_hash_table_lookup(c->events, o->event);

                g_hash_table_insert(c->events, g_bytes_ref(o->event),
                                    GUINT_TO_POINTER(GPOINTER_TO_UINT(cnt) +
                                                     1));
            }
            g_queue_push_tail(&c->out, o);
            c->out_bytes += o->len;
        }
        s->watches = g_list_concat(s->watches, g_steal_pointer(&ld.watches));
        for (l = ld.txs; l; l = l->next) {
            XsTx *tx = l->data;

            g_hash_table_insert(s->txs, GUINT_TO_POINTER(tx->id), tx);
        }
        g_list_free(g_steal_pointer(&ld.txs));
    }
    load_free(&ld);
    return 0;

bad:
    load_free(&ld);
    return -EINVAL;
}
