#!/usr/bin/env python3
"""Lists every `default:` branch of a `switch` in Sources/ with the switch's subject, so a review
can check that none switches over an operation enum (Operation, ElementwiseOp, ReduceOp,
InstructionKind, RandomDistribution, ...): there a missing case must be a compile error.
Dictionary subscripts with `default:` are not switches and are skipped.

    python3 scripts/switch-defaults.py
"""
import glob
import re
import sys

def enclosing_switch(source, position):
    """The text of the line opening the innermost `switch` block around `position`, or None."""
    depth = 0
    for i in range(position - 1, -1, -1):
        if source[i] == '}':
            depth += 1
        elif source[i] == '{':
            if depth == 0:
                line = source[source.rfind('\n', 0, i) + 1:i + 1].strip()
                if re.search(r'\bswitch\b', line):
                    return line
            else:
                depth -= 1
    return None

count = 0
for path in sorted(glob.glob('Sources/**/*.swift', recursive=True)):
    source = open(path).read()
    for match in re.finditer(r'^\s*default\s*:', source, re.MULTILINE):
        switch = enclosing_switch(source, match.start())
        if switch is None:
            continue
        count += 1
        print(f"{path}:{source.count(chr(10), 0, match.start()) + 1}: {switch}")
print(f"{count} switches with a default branch", file=sys.stderr)
