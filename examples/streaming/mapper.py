#!/usr/bin/env python3
"""Word count mapper for quern streaming: 'WORD<TAB>1' for every word of every input line."""
import sys

for line in sys.stdin:
    for word in line.split():
        print("%s\t1" % word)
