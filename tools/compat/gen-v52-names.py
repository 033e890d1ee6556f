#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Write tests/kunit/v52_names_kunit.c from Linux v5.2's hyperv.h headers.

The output binds every name Linux v5.2's include/linux/hyperv.h and
include/uapi/linux/hyperv.h define to v5.2's own type or value, as
compile-time checks against vmbc's <linux/hyperv.h> (include/compat):

  - a function, an inline or an extern object: it has v5.2's type
    (return and parameter types);
  - a struct or union member: it exists, with v5.2's type (bit-fields:
    it exists and takes a value);
  - an enumerator or a constant macro: v5.2's value;
  - a function-like macro: it is defined;
  - a GUID macro: v5.2's bytes (a KUnit case, the one check that runs).

Names vmbc defines differently on purpose are listed in DEVIATIONS with
the reason, and Documentation/api.rst repeats them; names of the core
kernel that the header only declares are in CORE_KERNEL. The headers are
read only for facts (names, types, values); run it where a copy of them
is, and commit the output:

  tools/compat/gen-v52-names.py LINUX52/include > tests/kunit/v52_names_kunit.c
"""
import re
import sys
import textwrap

# name -> why vmbc's differs (a member as "struct.member")
DEVIATIONS = {
    'VMPACKET_DATA_START_ADDRESS':
        "v5.2's casts a pointer to a structure and never compiled",
    'VMPACKET_DATA_LENGTH': 'likewise',
    'VMPACKET_TRANSFER_MODE': 'likewise (it names a struct IMPACT)',
    'CHANNELMSG_COUNT':
        'counts the message types vmbc knows, newer protocols included',
    'vmtransfer_page_packet_header.ranges':
        'a flexible array, as in later Linux: v5.2 declared one element '
        'and indexed past it',
    'hv_fcopy_hdr.service_id0': "guid_t: v5.2's uuid_le, a name later "
        'kernels dropped, the same 16 bytes',
    'hv_fcopy_hdr.service_id1': 'likewise',
}

# declared by v5.2's header, defined by the core kernel or nowhere
CORE_KERNEL = {
    'vmbus_ontimer': 'declared by v5.2, defined by no kernel: kept as a '
        'declaration',
}


def strip_comments(text):
    text = re.sub(r'/\*.*?\*/', ' ', text, flags=re.S)
    return re.sub(r'//[^\n]*', '', text)


def logical_lines(text):
    """Lines with backslash continuations joined."""
    return text.replace('\\\n', ' ').split('\n')


def split_decl(decl):
    """'type name[N]' -> (name, 'type[N]'); function pointers too."""
    decl = ' '.join(decl.split())
    decl = re.sub(r'\b__must_check\b|\bextern\b|\bstatic\b|\binline\b',
                  '', decl).strip()
    m = re.match(r'(.*)\(\s*\*\s*(\w+)\s*\)\s*(\(.*\))\s*$', decl)
    if m:
        return m.group(2), '%s (*)%s' % (m.group(1).strip(), m.group(3))
    m = re.match(r'(.*?)(\w+)\s*((?:\[[^\]]*\])*)\s*$', decl)
    if not m:
        return None, None
    ctype = m.group(1).strip()
    return m.group(2), (ctype + m.group(3)).strip()


def split_top(body, sep=';'):
    """Split at @sep outside braces and parentheses."""
    parts, depth, cur = [], 0, ''
    for ch in body:
        if ch in '{(':
            depth += 1
        elif ch in '})':
            depth -= 1
        if ch == sep and depth == 0:
            parts.append(cur)
            cur = ''
        else:
            cur += ch
    if cur.strip():
        parts.append(cur)
    return parts


class Out:
    def __init__(self):
        self.checks = []
        self.guids = []
        self.enum_values = {}

    def note(self, name):
        if name in DEVIATIONS:
            self.checks.append(comment('%s: %s' % (name, DEVIATIONS[name])))
            return True
        return False

    def types(self, what, expr, ctype):
        if self.note(what):
            return
        self.checks.append(wrap('V52_TYPE', [expr, ctype, '"%s"' % what]))


TYPE_WORDS = {'unsigned', 'signed', 'long', 'short', 'int', 'char', 'void',
              'const', 'volatile', 'bool', 'u8', 'u16', 'u32', 'u64',
              '__u8', '__u16', '__u32', '__u64', 'size_t'}


def unnamed(params):
    """A parameter list without the parameters' names."""
    out = []
    for p in split_top(params, ','):
        p = ' '.join(p.split())
        if '(*' in p.replace(' ', ''):
            out.append(split_decl(p)[1])
            continue
        m = re.match(r'^(.*?)\s*((?:\[[^\]]*\])*)$', p)
        base, dims = m.group(1), m.group(2)
        words = re.findall(r'\w+|\*', base)
        last = words[-1] if words else ''
        named = (last not in ('*',) and last not in TYPE_WORDS and
                 len(words) >= 2 and
                 words[-2] not in ('struct', 'union', 'enum'))
        if named:
            base = base[:base.rfind(last)].rstrip()
        out.append((base + dims).strip())
    return ', '.join(out)


def comment(text):
    """A C comment, wrapped at 80 columns."""
    lines = textwrap.wrap(text, 74)
    if len(lines) == 1:
        return '/* %s */' % lines[0]
    return '/*\n' + '\n'.join(' * ' + l for l in lines) + '\n */'


def indent(col):
    """Tabs and spaces up to column @col."""
    return '\t' * (col // 8) + ' ' * (col % 8)


def wrap(macro, args):
    """MACRO(a, b, c); on one line, or an argument a line when long."""
    line = '%s(%s);' % (macro, ', '.join(args))
    if len(line.expandtabs()) <= 80:
        return line
    lines = ['%s(%s,' % (macro, args[0])]
    for i, a in enumerate(args[1:], 1):
        end = ');' if i == len(args) - 1 else ','
        lines.append(indent(len(macro) + 1) + a + end)
    return '\n'.join(split_long(l) for l in lines)


def split_long(line):
    """Break a line over 100 columns after a comma inside a type."""
    flat = line.expandtabs()
    if len(flat) <= 100:
        return line
    cut = line.rfind(', ', 0, 90)
    # continue under the first parameter
    col = flat.index('(', len(flat) - len(flat.lstrip())) + 1
    return line[:cut + 1] + '\n' + split_long(indent(col) + line[cut + 2:])


def members(out, tag, path, body, base):
    """Check the members of a struct/union body."""
    for decl in split_top(body):
        decl = decl.strip()
        if not decl:
            continue
        m = re.match(r'^(struct|union|enum)\s*(\w*)\s*\{(.*)\}\s*(\w*)\s*$',
                     decl, re.S)
        if m:
            kind, name, inner, member = m.groups()
            if kind == 'enum':
                enum_body(out, inner)
                out.types('%s.%s%s' % (tag, base, member),
                          '((%s *)0)->%s%s' % (tag_type(tag), base, member),
                          'enum %s' % name)
                continue
            prefix = base + (member + '.' if member else '')
            members(out, tag, path + ([member] if member else []), inner,
                    prefix)
            continue
        bits = re.match(r'^(.*\w)\s*:\s*\d+$', decl)
        if bits:
            name, _ = split_decl(bits.group(1))
            if not out.note('%s.%s%s' % (tag, base, name)):
                out.checks.append(
                    'static_assert(sizeof(((%s *)0)->%s%s = 1) != 0,\n'
                    '\t      "%s.%s%s");' % (tag_type(tag), base, name, tag,
                                            base, name))
            continue
        name, ctype = split_decl(decl)
        if not name:
            continue
        m = re.match(r'^(.*\(\*\)\s*)\((.*)\)$', ctype)
        if m:
            ctype = '%s(%s)' % (m.group(1), unnamed(m.group(2)))
        out.types('%s.%s%s' % (tag, base, name),
                  '((%s *)0)->%s%s' % (tag_type(tag), base, name), ctype)


TAGS = {}


def tag_type(tag):
    return TAGS[tag]


def enum_body(out, body):
    value = -1
    for item in body.split(','):
        item = item.strip()
        if not item:
            continue
        if '=' in item:
            name, expr = [x.strip() for x in item.split('=', 1)]
            value = int(eval(expr.replace('(', ' (')))  # plain numbers
        else:
            name = item
            value += 1
        if out.note(name):
            continue
        out.checks.append('static_assert(%s == %d, "%s");' %
                          (name, value, name))


def process(out, text):
    text = strip_comments(text)
    # Preprocessor lines first: constants and macros.
    skip_else = False
    for line in logical_lines(text):
        s = line.strip()
        if s.startswith('#else'):
            skip_else = True
        elif s.startswith('#endif'):
            skip_else = False
        if not s.startswith('#define') or skip_else:
            continue
        m = re.match(r'#define\s+(\w+)(\([^)]*\))?\s*(.*)$', s)
        name, args, value = m.groups()
        value = ' '.join(value.split())
        if name.startswith('_') and name.endswith('_H'):
            continue
        if name in CORE_KERNEL or out.note(name):
            continue
        if args:
            out.checks.append('#ifndef %s\n#error "%s"\n#endif' %
                              (name, name))
        elif value.startswith('.guid'):
            g = re.search(r'GUID_INIT\((.*)\)', value).group(1)
            out.guids.append((name, ' '.join(g.split())))
        elif value:
            out.checks.append('#ifndef %s\n#error "%s"\n#endif\n%s' %
                              (name, name,
                               wrap('V52_VALUE', [name, value])))
        else:
            out.checks.append('#ifndef %s\n#error "%s"\n#endif' %
                              (name, name))
    # Then C declarations, preprocessor lines removed.
    code = '\n'.join(l for l in logical_lines(text)
                     if not l.strip().startswith('#'))
    code = re.sub(r'__attribute__\s*\(\(.*?\)\)', '', code)
    code = re.sub(r'\b__packed\b', '', code)
    pos = 0
    for item in split_top(code):
        item = ' '.join(item.split())
        if not item:
            continue
        # a function body ends the item at its closing brace
        m = re.match(r'^(static inline .*?\))\s*\{.*\}\s*(.*)$', item)
        if m:
            proto = m.group(1)
            item_rest = m.group(2)
            function(out, proto)
            if item_rest:
                item = item_rest
            else:
                continue
        m = re.match(r'^(struct|union|enum)\s+(\w+)\s*\{(.*)\}\s*$', item)
        if m:
            kind, name, body = m.groups()
            tag = '%s %s' % (kind, name)
            if kind == 'enum':
                enum_body(out, body)
                out.checks.append('static_assert(sizeof(enum %s) != 0);' %
                                  name)
                continue
            TAGS[name] = tag
            members(out, name, [], body, '')
            continue
        if '(' in item and not item.startswith('typedef'):
            function(out, item)
            continue
        m = re.match(r'^extern\s+(.*)$', item)
        if m:
            name, ctype = split_decl(m.group(1))
            if name in CORE_KERNEL or out.note(name):
                continue
            out.types(name, name, ctype)


def function(out, proto):
    proto = re.sub(r'\b(static|inline|extern|__must_check)\b', '', proto)
    proto = ' '.join(proto.split())
    m = re.match(r'^(.*?)(\w+)\s*\((.*)\)$', proto)
    if not m:
        return
    ret, name, params = m.groups()
    if name in CORE_KERNEL:
        out.checks.append(comment('%s: %s' % (name, CORE_KERNEL[name])))
        return
    if out.note(name):
        return
    # the function's own type: return and parameter types
    out.types(name, name, '%s (%s)' % (ret.strip(), unnamed(params)))


def main():
    inc = sys.argv[1]
    out = Out()
    for rel in ('uapi/linux/hyperv.h', 'linux/hyperv.h'):
        with open('%s/%s' % (inc, rel)) as f:
            process(out, f.read())
    print(HEAD)
    for c in out.checks:
        print(c)
    print()
    print('struct v52_guid {\n\tconst char *name;\n'
          '\tstruct hv_vmbus_device_id ours;\n\tguid_t v52;\n};\n')
    print('static const struct v52_guid v52_guids[] = {')
    for name, g in out.guids:
        print('\t{ "%s", { %s },\n\t  GUID_INIT(%s) },' % (name, name, g))
    print('};')
    print(TAIL)


HEAD = '''// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: every name of Linux v5.2's <linux/hyperv.h> and
 * <uapi/linux/hyperv.h>, bound to v5.2's type or value, against vmbc's
 * <linux/hyperv.h> (the default dialect). Written by
 * tools/compat/gen-v52-names.py; do not edit, run it again. The checks
 * are at compile time; the GUID macros are compared when the suite runs.
 */
#include <kunit/test.h>
#include <linux/build_bug.h>

#include "../../include/compat/linux/hyperv.h"

#if VMBC_API != 502
#error "the v5.2 dialect"
#endif

/* @name, a constant, has the value @value. */
#define V52_VALUE(name, value) static_assert((name) == (value), #name)

/* @expr has the type @type: the check for a function, object or member. */
#define V52_TYPE(expr, type, what) \\
	static_assert(__builtin_types_compatible_p(typeof(expr), type), what)
'''

TAIL = '''
static void v52_guid_macros(struct kunit *test)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(v52_guids); i++)
		KUNIT_EXPECT_TRUE_MSG(test, guid_equal(&v52_guids[i].ours.guid,
						       &v52_guids[i].v52),
				      "%s", v52_guids[i].name);
}

static struct kunit_case v52_names_cases[] = {
	KUNIT_CASE(v52_guid_macros),
	{}
};

static struct kunit_suite v52_names_suite = {
	.name = "vmbc_v52_names",
	.test_cases = v52_names_cases,
};

kunit_test_suite(v52_names_suite);'''

if __name__ == '__main__':
    main()
