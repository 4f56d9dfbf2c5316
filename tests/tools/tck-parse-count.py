#!/usr/bin/env python3
"""tests/tools/tck-parse-count.py — how much of the openCypher TCK the parser accepts.

Usage: tests/tools/tck-parse-count.py BUILD_DIR [TCK_FEATURES_DIR] [-v]

Extracts every query with tck-queries.py, parses each with BUILD_DIR's parse-batch, and
prints how many of the valid queries parse and how many of the scenarios expecting a
SyntaxError are rejected (many of those are semantic errors the binder reports, so that
second number is not expected to reach 100%). -v lists the valid queries that fail.
"""
import json
import os
import subprocess
import sys

here = os.path.dirname(os.path.abspath(__file__))
args = [a for a in sys.argv[1:] if a != '-v']
build = args[0]
features = args[1] if len(args) > 1 else os.path.join(here, '..', '..', '..', 'shared', 'tck', 'features')
lines = subprocess.run([sys.executable, os.path.join(here, 'tck-queries.py'), features],
                       capture_output=True, text=True, check=True).stdout.splitlines()
recs = [json.loads(l) for l in lines]
data = b''.join(r['query'].encode() + b'\0' for r in recs)
out = subprocess.run([os.path.join(build, 'parser', 'parse-batch')], input=data,
                     capture_output=True, check=True).stdout.decode().splitlines()
valid_ok = valid_bad = syn_rejected = syn_accepted = 0
seen = set()
for r, o in zip(recs, out):
    if (r['error'] or '').startswith('SyntaxError'):
        if o == 'OK':
            syn_accepted += 1
        else:
            syn_rejected += 1
        continue
    if r['query'] in seen:
        continue
    seen.add(r['query'])
    if o == 'OK':
        valid_ok += 1
    else:
        valid_bad += 1
        if '-v' in sys.argv:
            print('%s:%s: %s\n  %s' % (r['file'], r['line'], o, r['query'].replace('\n', '\n  ')))
print('valid queries (distinct): %d of %d parse' % (valid_ok, valid_ok + valid_bad))
print('SyntaxError scenarios: %d rejected by the parser, %d left to later stages' % (syn_rejected, syn_accepted))
