#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# gen-attrs.py - ovpn-cli's attribute tables, from the netlink specs
#
# Copyright (C) 2026 The ovpn developers
#
#   gen-attrs.py [-o OUT] SPEC...
#
# Reads the YAML specs of the "ovpn" and "ovpn-dco-v2" generic netlink
# families and writes the C tables that ovpn-cli names, parses and prints
# attributes with (struct attr_desc and struct attr_set of ovpn-cli.h):
# for each attribute its name, its value type, its nest and the names of
# its enum values, plus the names of the commands and notifications that
# ovpn-cli uses. Numbers are the spec's: attributes from 1, enum entries
# from 0, operations from 1 (the "unified" message ids).

import argparse
import os
import sys

import yaml

# what each family's tables are called and which of its operation lists
# ovpn-cli wants: "cmd" the requests (NULL terminated, for parsing a
# request's name), "ntf" the notifications (for printing them)
FAMILIES = {
    'ovpn': {'prefix': 'ovpn', 'ops': ['ntf']},
    'ovpn-dco-v2': {'prefix': 'dco', 'ops': ['cmd'], 'cut': 'peer-id'},
}

# What the specs cannot say in YAML, kept here by hand:
#
# 'cut': the ovpn-dco-v2 spec says in its doc that a nest which replies or
# notifications carry too (get-peer, del-peer) takes in a request only its
# attributes up to the peer id. Its request tree has the nests cut there,
# and a tree of its own for what replies and notifications carry.
#
# ENUM_OVERRIDES: (family, attribute set, attribute) -> (family, enum).
# ovpn-dco-v2 gives its del-peer reason as a bare u8 (its doc lists the
# values): they are the "ovpn" family's del-peer-reason, numbers and
# names alike, and ovpn-cli prints them by name.
ENUM_OVERRIDES = {
    ('ovpn-dco-v2', 'del-peer-attrs', 'reason'): ('ovpn', 'del-peer-reason'),
}

# spec types as they are, without a byte order or display hint
PLAIN_TYPES = {
    'u8': 'VT_U8',
    'u16': 'VT_U16',
    'u32': 'VT_U32',
    'u64': 'VT_U64',
    'uint': 'VT_UINT',
    's32': 'VT_S32',
    'binary': 'VT_HEX',
    'string': 'VT_STR',
    'nest': 'VT_NEST',
}

# (type, byte order, display hint) -> value type; anything else stops
TYPES = {
    ('u32', 'big-endian', 'ipv4'): 'VT_IPV4',
    ('binary', None, 'ipv6'): 'VT_IPV6',
    ('u16', 'big-endian', None): 'VT_BE16',
    ('binary', None, 'hex'): 'VT_HEX',
}


class GenError(Exception):
    pass


def c_name(name):
    return name.replace('-', '_')


def c_upper(name):
    return c_name(name).upper()


class Family:
    def __init__(self, spec):
        self.spec = spec
        self.name = spec['name']
        if self.name not in FAMILIES:
            raise GenError(f'no tables wanted for family {self.name}')
        self.conf = FAMILIES[self.name]
        self.prefix = self.conf['prefix']
        if spec.get('operations', {}).get('msg-id-model',
                                          'unified') != 'unified':
            raise GenError(f'{self.name}: only unified message ids')
        self.enums = {}
        for d in spec.get('definitions', []):
            if d['type'] == 'enum':
                self.enums[d['name']] = self.enum_entries(d)
            elif d['type'] != 'const':
                raise GenError(f'{self.name}: definition type {d["type"]}')
        self.sets = {}
        for s in spec['attribute-sets']:
            if 'subset-of' in s:
                raise GenError(f'{self.name}: subsets are not handled')
            self.sets[s['name']] = s
        self.ops = self.number_ops()
        roots = {op['attribute-set'] for op in self.ops
                 if 'attribute-set' in op}
        if len(roots) != 1:
            raise GenError(f'{self.name}: operations on {len(roots)} sets')
        self.root = roots.pop()

    def enum_entries(self, d):
        entries = {}
        val = d.get('value-start', 0)
        for e in d['entries']:
            if isinstance(e, dict):
                val = e.get('value', val)
                e = e['name']
            entries[val] = e
            val += 1
        if sorted(entries) != list(range(len(entries))):
            raise GenError(f'{self.name}: enum {d["name"]} is not 0..n-1')
        return [entries[i] for i in range(len(entries))]

    def number_ops(self):
        ops = []
        val = 1
        for op in self.spec['operations']['list']:
            val = op.get('value', val)
            ops.append(dict(op, value=val))
            val += 1
        return ops

    # the ynl C name of an attribute, for the generated file's comments
    def attr_enum(self, set_name, attr):
        s = self.sets[set_name]
        if 'name-prefix' in s:
            pfx = s['name-prefix']
        elif set_name == self.name:
            pfx = self.name + '-a-'
        else:
            pfx = f'{self.name}-a-{set_name}-'
        return c_upper(pfx + attr['name'])

    def attrs(self, set_name):
        """(type number, attribute) of a set, numbered as ynl does"""
        out = []
        val = 1
        for a in self.sets[set_name]['attributes']:
            val = a.get('value', val)
            out.append((val, a))
            val += 1
        return out

    def c_set(self, set_name):
        if set_name == self.root:
            return self.prefix
        base = set_name[:-len('-attrs')] if set_name.endswith('-attrs') \
            else set_name
        return f'{self.prefix}_{c_name(base)}'

    def c_enum(self, enum):
        return f'{self.prefix}_{c_name(enum)}_names'

    def reply_attrs(self):
        """names of the root's attributes that replies and notifications
        carry"""
        names = set()
        for op in self.ops:
            for mode in ('do', 'dump'):
                names.update(op.get(mode, {}).get('reply', {})
                             .get('attributes', []))
            names.update(op.get('event', {}).get('attributes', []))
        return names


def value_type(fam, set_name, a):
    key = (a['type'], a.get('byte-order'), a.get('display-hint'))
    if key in TYPES:
        return TYPES[key]
    if key[1:] == (None, None) and a['type'] in PLAIN_TYPES:
        return PLAIN_TYPES[a['type']]
    raise GenError(f'{fam.name}: {set_name}.{a["name"]}: no value type for '
                   f'type {key[0]}, byte order {key[1]}, hint {key[2]}')


class Gen:
    def __init__(self, families):
        self.fams = {f.name: f for f in families}
        self.out = []
        self.done = set()

    def line(self, s=''):
        self.out.append(s)

    def enum_of(self, fam, set_name, a):
        over = ENUM_OVERRIDES.get((fam.name, set_name, a['name']))
        if over:
            ofam = self.fams.get(over[0])
            if not ofam or over[1] not in ofam.enums:
                raise GenError(f'override {over}: no such enum')
            return ofam.c_enum(over[1])
        if 'enum' in a:
            if a['enum'] not in fam.enums:
                raise GenError(f'{fam.name}: no enum {a["enum"]}')
            return fam.c_enum(a['enum'])
        return 'NULL'

    def enums(self, fam):
        for name, entries in fam.enums.items():
            self.line(f'static const char * const {fam.c_enum(name)}[] = {{')
            for i, e in enumerate(entries):
                self.line(f'\t[{i}] = "{e}",')
            self.line('\tNULL')
            self.line('};')
            self.line()

    def table(self, fam, cname, set_name, rows, comment=None):
        """one attr_desc array and its attr_set; ROWS: (type, attr, nest)"""
        if comment:
            self.line(f'/* {comment} */')
        self.line(f'static const struct attr_desc {cname}_attrs[] = {{')
        for t, a, nest in rows:
            vt = value_type(fam, set_name, a)
            if (vt == 'VT_NEST') != (nest is not None):
                raise GenError(f'{fam.name}: {set_name}.{a["name"]}: '
                               'a nest needs nested-attributes')
            ref = f'&{nest}_set' if nest else 'NULL'
            self.line(f'\t[{t}] = {{ "{a["name"]}", {vt}, {ref}, '
                      f'{self.enum_of(fam, set_name, a)} }},'
                      f'\t/* {fam.attr_enum(set_name, a)} */')
        self.line('};')
        self.line()
        self.line(f'static const struct attr_set {cname}_set = {{')
        self.line(f'\t{cname}_attrs, {max(t for t, _, _ in rows)}')
        self.line('};')
        self.line()

    def attr_set(self, fam, set_name):
        """a set, after the sets it nests"""
        if (fam.name, set_name) in self.done:
            return
        self.done.add((fam.name, set_name))
        rows = []
        for t, a in fam.attrs(set_name):
            nest = a.get('nested-attributes')
            if nest:
                self.attr_set(fam, nest)
                nest = fam.c_set(nest)
            rows.append((t, a, nest))
        self.table(fam, fam.c_set(set_name), set_name, rows)

    def cut_set(self, fam, set_name):
        """the request side of a nest replies carry too: up to the cut"""
        rows = []
        for t, a in fam.attrs(set_name):
            if a['type'] == 'nest':
                raise GenError(f'{fam.name}: a nest in cut {set_name}')
            rows.append((t, a, None))
            if a['name'] == fam.conf['cut']:
                break
        else:
            raise GenError(f'{fam.name}: no {fam.conf["cut"]} in {set_name}')
        if len(rows) == len(fam.attrs(set_name)):
            return fam.c_set(set_name)
        cname = fam.c_set(set_name) + '_req'
        self.table(fam, cname, set_name, rows,
                   f'{set_name} in requests: up to {fam.conf["cut"]}')
        return cname

    def root(self, fam):
        if 'cut' not in fam.conf:
            self.attr_set(fam, fam.root)
            return
        self.done.add((fam.name, fam.root))
        replied = fam.reply_attrs()
        req, rep = [], []
        for t, a in fam.attrs(fam.root):
            nest = a.get('nested-attributes')
            if nest:
                self.attr_set(fam, nest)
            full = fam.c_set(nest) if nest else None
            if nest and a['name'] in replied:
                req.append((t, a, self.cut_set(fam, nest)))
            else:
                req.append((t, a, full))
            if a['name'] in replied:
                rep.append((t, a, full))
        self.table(fam, fam.c_set(fam.root), fam.root, req,
                   'requests: each command has its own nest')
        self.table(fam, f'{fam.prefix}_reply', fam.root, rep,
                   'replies and notifications')

    def op_names(self, fam, kind):
        if kind == 'cmd':
            ops = [op for op in fam.ops if 'do' in op or 'dump' in op]
            names = {0: 'unspec'}
        else:
            ops = [op for op in fam.ops if 'notify' in op or 'event' in op]
            names = {}
        for op in ops:
            names.setdefault(op['value'], op['name'])
        if kind == 'cmd' and sorted(names) != list(range(len(names))):
            raise GenError(f'{fam.name}: request numbers have gaps')
        what = 'requests, by command (0: none)' if kind == 'cmd' else \
            'notifications, by command'
        self.line(f'/* {what} */')
        self.line(f'static const char * const {fam.prefix}_{kind}_names[] '
                  '= {')
        for v in sorted(names):
            self.line(f'\t[{v}] = "{names[v]}",')
        if kind == 'cmd':
            self.line('\tNULL')
        self.line('};')
        self.line()

    def run(self, paths):
        self.line('/* SPDX-License-Identifier: GPL-2.0 */')
        self.line('/* Do not edit: written by ovpn-cli-src/gen-attrs.py from')
        for p in paths:
            self.line(f' *\t{os.path.basename(p)}')
        self.line(' * for ovpn-cli-src/attrs.c, which includes it after '
                  'ovpn-cli.h')
        self.line(' */')
        self.line()
        self.line('#ifndef OVPN_CLI_ATTRS_H')
        self.line('#define OVPN_CLI_ATTRS_H')
        self.line()
        for fam in self.fams.values():
            self.line(f'/* family "{fam.name}" */')
            self.line()
            self.enums(fam)
            self.root(fam)
            for s in fam.sets:
                self.attr_set(fam, s)
            for kind in fam.conf['ops']:
                self.op_names(fam, kind)
        self.line('#endif /* OVPN_CLI_ATTRS_H */')
        return '\n'.join(self.out) + '\n'


def main():
    ap = argparse.ArgumentParser(
        description="ovpn-cli's attribute tables, from the netlink specs")
    ap.add_argument('-o', '--output', help='the header to write')
    ap.add_argument('specs', nargs='+', help='netlink YAML specs')
    args = ap.parse_args()

    try:
        fams = []
        for p in args.specs:
            with open(p, encoding='utf-8') as f:
                fams.append(Family(yaml.safe_load(f)))
        text = Gen(fams).run(args.specs)
        if not args.output:
            sys.stdout.write(text)
            return 0
        # whole or not at all: make must not see half a header
        tmp = args.output + '.tmp'
        with open(tmp, 'w', encoding='utf-8') as f:
            f.write(text)
        os.replace(tmp, args.output)
    except (GenError, KeyError, OSError, yaml.YAMLError) as e:
        print(f'gen-attrs.py: {e}', file=sys.stderr)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
