#!/usr/bin/python3
"""manual5_check.py TOP: feedgen.5 names every field and key there is.

Every element of schemas/entry.rng must be named in bold in feedgen.5's ENTRY
FILES section (the list element "item" and the root "entry" anywhere in it);
every key config.c or person.c reads, and every element of schemas/config.rng,
in its CONFIGURATION section. Each field a .TP paragraph of those sections
opens with must be one the grammar knows, so the manual describes no field
that does not exist. Prints one "problem: ..." line each; exits 1 on any.
"""
import re
import sys

top = sys.argv[1]
problems = []


def read(path):
    with open(f'{top}/{path}', encoding='utf-8') as f:
        return f.read()


def elements(rng):
    return set(re.findall(r'<element name="([a-z_]+)"', read(rng)))


def code_keys(*sources):
    keys = set()
    for src in sources:
        keys |= set(re.findall(r'ynode_(?:get|str)\([a-z]+, "([a-z_]+)"\)', read(src)))
    return keys


sections, name = {}, None
for line in read('feedgen.5').split('\n'):
    if line.startswith('.SH '):
        name = line[4:].strip().strip('"')
        sections[name] = []
    elif name:
        sections[name].append(line)


def bold_words(lines):
    """Words set in bold: .B/.BR/.BI arguments in bold places, and \\fB...\\fR."""
    words = set()
    for line in lines:
        line = line.replace('\\-', '-')
        m = re.match(r'\.(B|BR|BI)\s+(.*)', line)
        if m:
            args = re.findall(r'"[^"]*"|\S+', m.group(2))
            bold = args if m.group(1) == 'B' else args[0::2]
            for a in bold:
                words |= set(re.findall(r'[a-z_]+', a.strip('"')))
        words |= set(re.findall(r'\\fB([a-z_]+)', line))
    return words


def tp_heads(lines):
    heads = set()
    for prev, line in zip(lines, lines[1:]):
        m = re.match(r'\.B ([a-z_]+)$', line)
        if prev == '.TP' and m:
            heads.add(m.group(1))
    return heads


entry_fields = elements('schemas/entry.rng')
config_keys = elements('schemas/config.rng') | code_keys('feedgen/config.c', 'feedgen/person.c')
if 'title' not in entry_fields or 'websub' not in config_keys:
    problems.append('the field lists could not be read from the grammars and config.c')

entry_part = sections.get('ENTRY FILES', [])
config_part = sections.get('CONFIGURATION', [])
whole = [l for part in sections.values() for l in part]
for field in sorted(entry_fields):
    where = whole if field in ('entry', 'item') else entry_part
    if field not in bold_words(where):
        problems.append(f'entry field {field!r} (schemas/entry.rng) is not named in feedgen.5 ENTRY FILES')
for key in sorted(config_keys):
    where = whole if key in ('config', 'item') else config_part
    if key not in bold_words(where):
        problems.append(f'configuration key {key!r} is not named in feedgen.5 CONFIGURATION')
for head in sorted(tp_heads(entry_part) - entry_fields):
    problems.append(f'feedgen.5 ENTRY FILES describes {head!r}, which schemas/entry.rng does not have')
for head in sorted(tp_heads(config_part) - config_keys):
    problems.append(f'feedgen.5 CONFIGURATION describes {head!r}, which config.c and config.rng do not read')

for p in problems:
    print('problem:', p)
sys.exit(1 if problems else 0)
