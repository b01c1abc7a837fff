#!/usr/bin/env python3
# Writes the seed corpus of tests/fuzz/xenstore-fuzz.c (the input format is
# described there) into the directory given, default xenstore-corpus/ next
# to this script: valid and broken guest message streams, domain 0
# operations, migrations and migration streams.
#
# This work is licensed under the terms of the GNU GPL, version 2 or later.
# See the COPYING file in the top-level directory.

import os
import struct
import sys

# enum xsd_sockmsg_type
(CONTROL, DIRECTORY, READ, GET_PERMS, WATCH, UNWATCH, TRANSACTION_START,
 TRANSACTION_END, INTRODUCE, RELEASE, GET_DOMAIN_PATH, WRITE, MKDIR, RM,
 SET_PERMS, WATCH_EVENT, ERROR, IS_DOMAIN_INTRODUCED, RESUME,
 SET_TARGET) = range(20)
RESET_WATCHES = 21
DIRECTORY_PART = 22


def msg(type, payload, req=1, tx=0, length=None):
    if length is None:
        length = len(payload)
    return struct.pack('<IIII', type, req, tx, length) + payload


def feed(data, cmd=0):
    """Guest writes @data"""
    return bytes([cmd]) + struct.pack('<H', len(data)) + data


def read(n=255):
    return bytes([3, n])


def dom0(op, path, value):
    return bytes([4, op, path, value])


MIGRATE = bytes([5])


def misc(what):
    return bytes([6, what])


def raw(data):
    return bytes([7]) + struct.pack('<H', len(data)) + data


def s(*parts):
    return b''.join(p if isinstance(p, bytes) else p.encode() + b'\0'
                    for p in parts)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else \
        os.path.join(os.path.dirname(os.path.abspath(__file__)),
                     'xenstore-corpus')
    os.makedirs(out, exist_ok=True)
    seeds = {}

    basic = [msg(WRITE, b'data/a\0hello'), msg(READ, s('data/a')),
             msg(MKDIR, s('data/b/c')), msg(DIRECTORY, s('data')),
             msg(GET_PERMS, s('data')), msg(SET_PERMS, s('data', 'n1', 'r0')),
             msg(RM, s('data/b')), msg(GET_DOMAIN_PATH, s('1')),
             msg(READ, s('/local/domain/1/data/a'))]
    seeds['ops'] = b''.join(feed(m) + read() for m in basic)
    seeds['ops-one-write'] = feed(b''.join(basic)) + read(255) + read(255)
    seeds['ops-bytewise'] = b''.join(feed(bytes([b])) for b in
                                     b''.join(basic[:3])) + read()
    seeds['watch'] = b''.join(feed(m) for m in [
        msg(WATCH, s('data', 'tok')), msg(WATCH, s('/local/domain/1', 'abs')),
        msg(WRITE, b'data/x\0' + b'v'), msg(RM, s('data')),
        msg(UNWATCH, s('data', 'tok')), msg(WATCH, s('@releaseDomain', 'r')),
    ]) + misc(1) + dom0(0, 6, 3) + read() + read()
    seeds['watch-reset'] = feed(msg(WATCH, s('a', 't'))) + \
        feed(msg(RESET_WATCHES, s(''))) + dom0(0, 4, 1) + read()
    seeds['watch-dup'] = feed(msg(WATCH, s('a', 't')) * 2) + read()
    seeds['watch-bad'] = feed(msg(WATCH, s('a')) + msg(WATCH, s('a/', 't')) +
                              msg(WATCH, s('a', 'b', 'c'))) + read()
    seeds['transaction'] = b''.join(feed(m) for m in [
        msg(TRANSACTION_START, s('')),
        msg(WRITE, b'data/t\0in-tx', tx=1), msg(READ, s('data/t'), tx=1),
        msg(READ, s('data/t')), msg(TRANSACTION_END, s('T'), tx=1),
    ]) + read() + read()
    seeds['transaction-conflict'] = feed(msg(TRANSACTION_START, s(''))) + \
        feed(msg(READ, s('data'), tx=1)) + dom0(0, 6, 1) + \
        feed(msg(WRITE, b'data/y\0z', tx=1)) + \
        feed(msg(TRANSACTION_END, s('T'), tx=1)) + read() + read()
    seeds['transaction-abort'] = feed(msg(TRANSACTION_START, s('')) +
                                      msg(MKDIR, s('q/r'), tx=1) +
                                      msg(TRANSACTION_END, s('F'), tx=1) +
                                      msg(TRANSACTION_END, s('T'), tx=1) +
                                      msg(READ, s('q'), tx=7)) + read()
    seeds['transaction-migrate'] = feed(msg(TRANSACTION_START, s('')) +
                                        msg(WRITE, b'm\0v', tx=1)) + \
        MIGRATE + feed(msg(TRANSACTION_END, s('T'), tx=1)) + read()
    seeds['transactions-many'] = feed(msg(TRANSACTION_START, s('')) * 12) + \
        read() + read()
    seeds['dirpart'] = b''.join(dom0(1, 8, i) for i in range(4)) + \
        feed(msg(DIRECTORY_PART, s('device', '0'))) + \
        feed(msg(DIRECTORY_PART, s('device', '3'))) + \
        feed(msg(DIRECTORY_PART, s('device', '999'))) + read()
    seeds['privileged'] = feed(b''.join(msg(t, s('1')) for t in
                                        [CONTROL, INTRODUCE, RELEASE,
                                         IS_DOMAIN_INTRODUCED, RESUME,
                                         SET_TARGET, WATCH_EVENT, ERROR, 20,
                                         23, 0xffff])) + read() + read()
    seeds['oversize'] = feed(msg(READ, b'', length=4097)) + \
        feed(msg(READ, s('a'))) + misc(0) + feed(msg(READ, s('a'))) + read()
    seeds['max-payload'] = feed(msg(WRITE, b'big\0' + b'x' * 4092)) + read()
    seeds['partial-migrate'] = feed(msg(WRITE, b'data/p\0val')[:10]) + \
        MIGRATE + feed(msg(WRITE, b'data/p\0val')[10:]) + read()
    seeds['output-migrate'] = feed(msg(WATCH, s('data', 'w'))) + \
        dom0(0, 6, 2) + bytes([3, 0]) + MIGRATE + read()
    seeds['outstanding'] = feed(msg(READ, s('x')) * 30) + read(3) + \
        feed(msg(READ, s('x')) * 5) + read()
    seeds['quota-nodes'] = feed(b''.join(msg(MKDIR, s('n/%d' % i))
                                         for i in range(60))) + \
        read() + read() + read()
    seeds['quota-watches'] = feed(b''.join(msg(WATCH, s('w', str(i)))
                                           for i in range(12))) + read()
    seeds['perms'] = dom0(3, 3, 0x41) + feed(msg(SET_PERMS,
                                                 s('a', 'n1', 'b0', 'r5'))) + \
        feed(msg(SET_PERMS, s('a', 'n0'))) + \
        feed(msg(SET_PERMS, s('a', 'x9'))) + \
        feed(msg(SET_PERMS, s('@releaseDomain', 'r1'))) + read()
    seeds['dom0-ops'] = b''.join(dom0(op | (0x80 if op & 1 else 0), p, v)
                                 for op in range(8) for p, v in
                                 [(3, 1), (5, 9), (14, 2), (0, 4)]) + read()
    seeds['misc'] = b''.join(misc(i) for i in range(16)) + read()
    seeds['binary-values'] = feed(msg(WRITE, b'b\0\0\1\2\0') +
                                  msg(READ, s('b'))) + read()
    seeds['broken-strings'] = feed(msg(READ, b'a') + msg(WRITE, b'a') +
                                   msg(DIRECTORY_PART, b'a\0') +
                                   msg(TRANSACTION_END, b'T')) + read()
    seeds['relative-abs'] = feed(msg(WRITE, b'/local/domain/1/z\0v') +
                                 msg(READ, s('z')) +
                                 msg(RM, s('/'))) + read()
    seeds['raw-empty'] = raw(b'')
    seeds['raw-junk'] = raw(b'XST1' + b'\x01\0\0\0' + b'\x01\0\0\0' +
                            b'\xff' * 40)
    seeds['migrate-twice'] = seeds['watch'] + MIGRATE + MIGRATE + read()

    for name, data in sorted(seeds.items()):
        # Odd sizes: small quotas, guest owns its home; even: defaults
        for variant, extra in (('q', b''), ('d', b'\x06\x0b')):
            d = data + extra
            if variant == 'q' and len(d) % 2 == 0:
                d += read(0)[:1]     # a read of 4096: pads to an odd size
            if variant == 'd' and len(d) % 2 == 1:
                d += b'\x06'
            with open(os.path.join(out, '%s-%s' % (name, variant)), 'wb') as f:
                f.write(d)


if __name__ == '__main__':
    main()
