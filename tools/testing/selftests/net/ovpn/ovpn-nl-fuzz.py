#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Netlink boundary fuzzer of the ovpn and ovpn-dco-v2 families.

  ovpn-nl-fuzz.py YNL_DIR SPEC IFNAME [--seed N]

Everything it sends is derived from SPEC (Documentation/netlink/specs/):
for every operation with a "do" or a "dump", starting from one valid
request of it (BASELINES: the only thing written here by hand, and an
operation without one fails the run), every attribute the spec gives
the request at every level of nesting is sent missing, zero, at its
limits and past them (the spec's checks and the width of its type),
with every wrong length, duplicated, as a nest where a scalar belongs
and the other way round, with garbage inside a nest, with a nest in
the wrong place, and next to an attribute type the set does not have.
An attribute added to the spec is fuzzed from then on.

Each case must be refused with an errno and an extack (a message, or
the missing attribute), or accepted; afterwards the device's peers and
keys must be what they were before a refused request (nothing half
created or half changed). After an accepted one they are set back.

IFNAME is an MP interface of the family's link kind in this network
namespace, with no peers. The peers' UDP socket is this process's own.
Output: KTAP, one test per operation and mode (do, dump).
"""
import os
import random
import socket
import struct
import sys
import time

ynl_dir, spec_path, ifname = sys.argv[1:4]
seed = random.randrange(1 << 32)
if '--seed' in sys.argv:
    seed = int(sys.argv[sys.argv.index('--seed') + 1])
sys.path.insert(0, ynl_dir)
from lib import YnlFamily, Netlink, NlError  # noqa: E402
from lib.ynl import NlMsgs  # noqa: E402

NESTED = Netlink.NLA_F_NESTED
rnd = random.Random(seed)
ynl = YnlFamily(spec_path, '')
fam = ynl.yaml['name']
ifindex = socket.if_nametoindex(ifname)
udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
udp.bind(('198.18.0.1', 0))


def ip4(a):
    return struct.unpack('>I', socket.inet_aton(a))[0]


def sin(a, port):
    return (struct.pack('<H', socket.AF_INET) + struct.pack('>H', port) +
            socket.inet_aton(a) + bytes(8)).hex()


KEY = {'cipher-key': '5a' * 32, 'nonce-tail': 'a5' * 8}

# the fixture, set up before every case: peer 1 with two keys, peer 3
# with none; and the one valid request of each operation, against it
if fam == 'ovpn':
    def peer(i):
        return ('peer-new', {'ifindex': ifindex, 'peer': {
            'id': i, 'socket': udp.fileno(),
            'remote-ipv4': ip4('198.18.0.2'), 'remote-port': 1194 + i,
            'vpn-ipv4': ip4(f'198.19.0.{10 + i}'),
            'keepalive-interval': 10, 'keepalive-timeout': 60}})

    def key(p, slot, kid):
        return ('key-new', {'ifindex': ifindex, 'keyconf': {
            'peer-id': p, 'slot': slot, 'key-id': kid,
            'cipher-alg': 'aes-gcm', 'encrypt-dir': KEY,
            'decrypt-dir': KEY}})

    def peer_del(i):
        return ('peer-del', {'ifindex': ifindex, 'peer': {'id': i}})

    DUMP = ('peer-get', {'ifindex': ifindex}, 'peer', 'id')
    BASELINES = {
        'peer-new': peer(2)[1],
        'peer-set': {'ifindex': ifindex, 'peer': {
            'id': 1, 'keepalive-interval': 10, 'keepalive-timeout': 60}},
        'peer-get': {'ifindex': ifindex, 'peer': {'id': 1}},
        'peer-del': {'ifindex': ifindex, 'peer': {'id': 3}},
        'key-new': key(3, 'primary', 5)[1],
        'key-get': {'ifindex': ifindex,
                    'keyconf': {'peer-id': 1, 'slot': 'primary'}},
        'key-swap': {'ifindex': ifindex, 'keyconf': {'peer-id': 1}},
        'key-del': {'ifindex': ifindex,
                    'keyconf': {'peer-id': 1, 'slot': 'secondary'}},
        'peer-get dump': {'ifindex': ifindex},
    }
else:
    def peer(i):
        return ('new-peer', {'ifindex': ifindex, 'new-peer': {
            'peer-id': i, 'socket': udp.fileno(),
            'sockaddr-remote': sin('198.18.0.2', 1194 + i),
            'ipv4': ip4(f'198.19.0.{10 + i}')}})

    def key(p, slot, kid):
        return ('new-key', {'ifindex': ifindex, 'new-key': {
            'peer-id': p, 'key-slot': slot, 'key-id': kid,
            'cipher-alg': 'aes-gcm', 'encrypt-key': KEY,
            'decrypt-key': KEY}})

    def peer_del(i):
        return ('del-peer', {'ifindex': ifindex, 'del-peer': {'peer-id': i}})

    DUMP = ('get-peer', {'ifindex': ifindex}, 'get-peer', 'peer-id')
    BASELINES = {
        'new-peer': peer(2)[1],
        'set-peer': {'ifindex': ifindex, 'set-peer': {
            'peer-id': 1, 'keepalive-interval': 0, 'keepalive-timeout': 0}},
        'get-peer': {'ifindex': ifindex, 'get-peer': {'peer-id': 1}},
        'del-peer': {'ifindex': ifindex, 'del-peer': {'peer-id': 3}},
        'new-key': key(3, 'primary', 5)[1],
        'swap-keys': {'ifindex': ifindex, 'swap-keys': {'peer-id': 1}},
        'del-key': {'ifindex': ifindex,
                    'del-key': {'peer-id': 1, 'key-slot': 'secondary'}},
        'get-peer dump': {'ifindex': ifindex},
    }

FIXTURE = {1: [peer(1), key(1, 'primary', 1), key(1, 'secondary', 2)],
           3: [peer(3)]}
# what a peer's state is, besides its counters
COUNTERS = ('vpn-', 'link-')


def state():
    """The peers as a dump shows them, without counters, and, where the
    family can show them, the keys of peer 1."""
    op, vals, nest, idname = DUMP
    peers = {}
    for m in ynl.dump(op, vals):
        p = m[nest]
        peers[p[idname]] = sorted((k, str(v)) for k, v in p.items()
                                  if not k.startswith(COUNTERS))
    keys = []
    if fam == 'ovpn' and 1 in peers:
        for slot in ('primary', 'secondary'):
            try:
                k = ynl.do('key-get', {'ifindex': ifindex, 'keyconf': {
                    'peer-id': 1, 'slot': slot}})['keyconf']
                keys.append((slot, k.get('key-id'), k.get('cipher-alg')))
            except NlError as e:
                keys.append((slot, -e.error))
    return peers, keys


def do_retry(op, vals):
    """ynl.do, again while the kernel says EAGAIN: a UDP socket whose
    last peer went is released after an RCU grace period, and a peer
    made on it before then is refused with EAGAIN, "userspace may
    retry" (socket.c)."""
    for _ in range(100):
        try:
            return ynl.do(op, vals)
        except NlError as e:
            if e.error != 11:
                raise
            time.sleep(0.05)
    return ynl.do(op, vals)


def restore(want):
    """Back to the fixture WANT: extra peers deleted, missing or changed
    ones made anew, the others left alone (deleting them too would
    release the socket they share)."""
    peers, keys = state()
    for i in peers:
        if i not in FIXTURE:
            ynl.do(*peer_del(i))
    for i, reqs in FIXTURE.items():
        if want is not None and peers.get(i) == want[0][i] and \
           (i != 1 or keys == want[1]):
            continue
        if i in peers:
            ynl.do(*peer_del(i))
        for op, vals in reqs:
            do_retry(op, vals)


# --- a request as a tree of attributes, from the spec ---------------------

class Attr:
    """One attribute: its spec (None for one the set does not have), its
    type on the wire, its flags, and either a payload or children."""

    def __init__(self, spec, nl_type, payload=b'', kids=None, flags=0):
        self.spec, self.type, self.payload = spec, nl_type, payload
        self.kids, self.flags = kids, flags

    def copy(self):
        return Attr(self.spec, self.type, self.payload,
                    None if self.kids is None else
                    [k.copy() for k in self.kids], self.flags)

    def encode(self):
        body = self.payload if self.kids is None else \
            b''.join(k.encode() for k in self.kids)
        hdr = struct.pack('HH', 4 + len(body), self.type | self.flags)
        return hdr + body + bytes(-len(body) % 4)


WIDTH = {'u8': 1, 'u16': 2, 'u32': 4, 'u64': 8, 's8': 1, 's16': 2,
         's32': 4, 's64': 8, 'uint': 4, 'sint': 4}


def scalar(spec, value):
    w = WIDTH[spec.type]
    if spec.type in ('uint', 'sint') and not -(1 << 31) <= value < 1 << 32:
        w = 8
    order = 'big' if spec.byte_order == 'big-endian' else sys.byteorder
    return (value % (1 << (8 * w))).to_bytes(w, order)


def build(set_name, vals):
    """The attributes of VALS (as ynl takes them) in attribute set
    SET_NAME."""
    out = []
    for name, v in vals.items():
        spec = ynl.attr_sets[set_name][name]
        if spec.type == 'nest':
            out.append(Attr(spec, spec.value, kids=build(
                spec['nested-attributes'], v), flags=NESTED))
        elif spec.type == 'binary':
            out.append(Attr(spec, spec.value, bytes.fromhex(v)))
        else:
            if isinstance(v, str):
                v = ynl._encode_enum(spec, v)
            out.append(Attr(spec, spec.value, scalar(spec, v)))
    return out


def check(spec, name):
    v = spec.yaml.get('checks', {}).get(name)
    if isinstance(v, str):
        v = ynl.consts[v]['value'] if v in ynl.consts else int(v, 0)
    return v


def values(spec):
    """(what, Attr) of every value at and past the limits of SPEC."""
    t = spec.type
    out = []
    if t == 'nest':
        sub = ynl.attr_sets[spec['nested-attributes']]
        top = max(a.value for a in sub.attrs.values())
        out += [('an empty nest', Attr(spec, spec.value, kids=[],
                                       flags=NESTED)),
                ('a nest of garbage', Attr(spec, spec.value, bytes(
                    rnd.randrange(256) for _ in range(7)), flags=NESTED)),
                ('a nest without NLA_F_NESTED', Attr(spec, spec.value,
                                                     kids=[])),
                ('a u32 where a nest belongs', Attr(spec, spec.value,
                                                    scalar_u32(7))),
                ('a nest of attributes of the wrong width', Attr(
                    spec, spec.value, kids=[Attr(None, i, bytes(3))
                                            for i in range(1, top + 1)],
                    flags=NESTED))]
        return out
    if t == 'binary':
        lens = {0, 1, 4096}
        for c, d in (('exact-len', (-1, 1)), ('min-len', (-1,)),
                     ('max-len', (0, 1))):
            n = check(spec, c)
            if n is not None:
                lens |= {n + x for x in d if n + x >= 0}
        for n in sorted(lens):
            out.append((f'{n} bytes', Attr(spec, spec.value,
                                           bytes([0x5a]) * n)))
        out.append(('a nest where binary belongs', Attr(
            spec, spec.value, kids=[Attr(None, 1, scalar_u32(1))],
            flags=NESTED)))
        return out
    w = WIDTH.get(t)
    if w is None:
        return out
    top = (1 << (8 * (8 if t in ('uint', 'sint') else w))) - 1
    nums = {0, 1, top, (1 << (8 * w - 1)) - 1 if t[0] == 's' else top}
    for c, d in (('min', (-1, 0)), ('max', (0, 1))):
        n = check(spec, c)
        if n is not None:
            nums |= {n + x for x in d if 0 <= n + x <= top}
    if 'enum' in spec.yaml:
        entries = ynl.consts[spec.yaml['enum']].entries.values()
        nums.add(max(e.value for e in entries) + 1)
    for n in sorted(nums):
        out.append((f'value {n:#x}', Attr(spec, spec.value,
                                          scalar(spec, n))))
    for n in (0, 1, 2, 3, 4, 8, 16):
        if n != w and not (t in ('uint', 'sint') and n in (4, 8)):
            out.append((f'{n} bytes for a {t}', Attr(spec, spec.value,
                                                      bytes(n))))
    out.append((f'a nest where a {t} belongs', Attr(
        spec, spec.value, kids=[Attr(None, 1, scalar_u32(1))],
        flags=NESTED)))
    return out


def scalar_u32(v):
    return struct.pack('I', v)


def cases(attrs, set_name, allowed, path):
    """(what, attributes) of every case for the level ATTRS of SET_NAME,
    whose attributes ALLOWED are fuzzed, and below it."""
    aset = ynl.attr_sets[set_name]
    top = max(a.value for a in aset.attrs.values())

    def at(i, new):
        return attrs[:i] + new + attrs[i + 1:]

    for name in allowed:
        spec = aset[name]
        where = f'{path}{name}'
        idx = [i for i, a in enumerate(attrs) if a.spec is spec]
        if idx:
            i = idx[0]
            yield f'{where} missing', at(i, [])
            yield f'{where} twice', attrs + [attrs[i].copy()]
            for what, a in values(spec):
                yield f'{where}: {what}', at(i, [a])
            if spec.type == 'nest':
                sub = spec['nested-attributes']
                for what, kids in cases(attrs[i].kids, sub, list(
                        ynl.attr_sets[sub].attrs), where + '.'):
                    a = attrs[i].copy()
                    a.kids = kids
                    yield what, at(i, [a])
                yield f'{where} inside itself', at(i, [Attr(
                    spec, spec.value, kids=attrs[i].copy().kids +
                    [attrs[i].copy()], flags=NESTED)])
                for other in allowed:
                    o = aset[other]
                    if o.type == 'nest' and o is not spec:
                        yield (f'{where} sent as {other}', at(i, [Attr(
                            o, o.value, kids=attrs[i].copy().kids,
                            flags=NESTED)]))
        else:
            for what, a in values(spec):
                yield f'{where} added: {what}', attrs + [a]
    yield f'{path}attribute type {top + 1}, not in the set', \
        attrs + [Attr(None, top + 1, scalar_u32(0))]
    yield f'{path}attribute type 0', attrs + [Attr(None, 0, scalar_u32(0))]
    yield f'{path}a truncated attribute at the end', attrs + [
        Attr(None, 1, b'\x01')]


def send(op, mode, attrs, truncate=False):
    """The kernel's answer to one request: (errno, extack); MODE is do or
    dump."""
    body = b''.join(a.encode() for a in attrs)
    if truncate:
        body = body[:-4]
    seq = rnd.randrange(1, 1 << 31)
    flags = Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK
    if mode == 'dump':
        flags |= Netlink.NLM_F_DUMP
    msg = ynl.nlproto.message(flags, op.req_value, 1, seq) + body
    msg = struct.pack('I', len(msg) + 4) + msg
    ynl.sock.send(msg)
    while True:
        for m in NlMsgs(ynl.sock.recv(1 << 17)):
            if m.nl_seq == seq and m.nl_type in (Netlink.NLMSG_ERROR,
                                                 Netlink.NLMSG_DONE):
                return -m.error, m.extack or {}


def main():
    ynl.sock.settimeout(30)
    print('TAP version 13')
    ops = [(o, m) for o in ynl.ops.values() for m in ('do', 'dump')
           if m in o.yaml]
    print(f'1..{len(ops)}')
    print(f'# {fam}: seed {seed}')
    restore(None)
    want = state()
    failed = 0
    for n, (op, mode) in enumerate(ops, 1):
        fails = []
        seen = refused = 0
        name = op.name if mode == 'do' else f'{op.name} dump'
        base = BASELINES.get(name)
        if base is None:
            fails.append(f'no valid request of {name} to start from')
        else:
            attrs = build(op.attr_set.name, base)
            allowed = op.yaml[mode]['request']['attributes']
            for what, case in cases(attrs, op.attr_set.name, allowed, ''):
                seen += 1
                trunc = what.endswith('a truncated attribute at the end')
                err, ext = send(op, mode, case, trunc)
                if err:
                    refused += 1
                    if not ext.get('msg') and 'miss-type' not in ext:
                        fails.append(f'{what}: refused with '
                                     f'{os.strerror(err)} but no extack '
                                     f'message ({ext})')
                now = state()
                if err and now != want:
                    fails.append(f'{what}: refused with '
                                 f'{os.strerror(err)}, but changed '
                                 f'{want} to {now}')
                if now != want:
                    restore(want)
            # the valid request itself still works
            err, ext = send(op, mode, attrs)
            if err:
                fails.append(f'the valid request: {os.strerror(err)} {ext}')
            restore(want)
        for f in fails[:20]:
            print(f'# {name}: {f}')
        if len(fails) > 20:
            print(f'# {name}: ... {len(fails) - 20} more')
        ok = 'ok' if not fails else 'not ok'
        failed += bool(fails)
        print(f'{ok} {n} {fam} {name}: {seen} cases, {refused} refused, '
              f'{seen - refused} accepted')
    if state() != want:
        print('# the fixture did not survive')
        failed += 1
    return 1 if failed else 0


sys.exit(main())
