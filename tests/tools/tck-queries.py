#!/usr/bin/env python3
"""tests/tools/tck-queries.py — extracts every query of the openCypher TCK feature files.

Prints one JSON object a line: {"file", "line", "query", "error"} where "error" is the
expected error ("SyntaxError: UnexpectedSyntax", ...) or null. Scenario Outlines are
expanded with their Examples rows. Used to measure how much of the TCK the parser
accepts (see tests/tools/tck-parse-count.py); it does not run anything.
"""
import json
import os
import re
import sys


def cells(line):
    parts = line.strip().strip('|').split('|')
    return [p.strip() for p in parts]


def scenarios(path):
    lines = open(path, encoding='utf-8').read().split('\n')
    i = 0
    cur = None
    out = []
    while i < len(lines):
        s = lines[i].strip()
        if s.startswith('Scenario'):
            cur = {'outline': s.startswith('Scenario Outline'), 'queries': [], 'error': None,
                   'examples': [], 'line': i + 1}
            out.append(cur)
        elif cur is not None and s.endswith(':') and (s.startswith('When executing') or s.startswith('And having executed') or s.startswith('Given having executed') or s.startswith('When executing control query')):
            main = s.startswith('When')
            i += 1
            while not lines[i].strip().startswith('"""'):
                i += 1
            indent = lines[i].index('"""')
            i += 1
            body = []
            while not lines[i].strip().startswith('"""'):
                body.append(lines[i][indent:] if len(lines[i]) >= indent else lines[i].lstrip())
                i += 1
            cur['queries'].append(('\n'.join(body), main, i))
        elif cur is not None and s.startswith('Then a ') and 'Error' in s and 'should be raised' in s:
            m = re.match(r'Then an? (\w+) should be raised at (\w+(?: \w+)?): (\w+)', s)
            cur['error'] = '%s: %s' % (m.group(1), m.group(3)) if m else s
        elif cur is not None and s.startswith('Examples'):
            i += 1
            while i < len(lines) and not lines[i].strip().startswith('|'):
                i += 1
            header = cells(lines[i])
            i += 1
            while i < len(lines) and lines[i].strip().startswith('|'):
                cur['examples'].append(dict(zip(header, cells(lines[i]))))
                i += 1
            continue
        i += 1
    return out


def main():
    root = sys.argv[1]
    for dirpath, _, files in sorted(os.walk(root)):
        for f in sorted(files):
            if not f.endswith('.feature'):
                continue
            path = os.path.join(dirpath, f)
            for sc in scenarios(path):
                rows = sc['examples'] if sc['outline'] and sc['examples'] else [{}]
                for row in rows:
                    for q, main, line in sc['queries']:
                        for k, v in row.items():
                            q = q.replace('<%s>' % k, v)
                        print(json.dumps({'file': os.path.relpath(path, root), 'line': line, 'query': q,
                                          'error': sc['error'] if main else None}))


main()
