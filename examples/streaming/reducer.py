#!/usr/bin/env python3
"""Word count reducer (and combiner) for quern streaming.

Its input is 'WORD<TAB>COUNT' lines sorted by word, so the lines of one word come together:
it sums each run and prints 'WORD<TAB>TOTAL'.
"""
import sys

current, total = None, 0
for line in sys.stdin:
    word, _, count = line.rstrip("\n").partition("\t")
    if word != current:
        if current is not None:
            print("%s\t%d" % (current, total))
        current, total = word, 0
    total += int(count or 1)
if current is not None:
    print("%s\t%d" % (current, total))
