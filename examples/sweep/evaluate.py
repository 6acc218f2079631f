#!/usr/bin/env python3
"""Evaluates hyper-parameter candidates, one per input line: 'ID LR DEPTH'.

Run by quern streaming with NLineInputFormat, each line arrives as 'OFFSET<TAB>ID LR DEPTH'
(the byte offset of the line in the sweep file); run by hand, plain 'ID LR DEPTH' lines work
too. Prints 'ID<TAB>SCORE' per candidate. The "training" is a deterministic formula standing
in for a real model: the score peaks at LR 0.003 and DEPTH 6.
"""
import sys


def score(lr, depth):
    """A made-up validation score in [0, 100]: 100 at lr=0.003, depth=6."""
    lr_e4 = round(lr * 10000)  # the learning rate in units of 1e-4
    penalty = (lr_e4 - 30) ** 2 + 40 * (depth - 6) ** 2
    points = max(0, 100000 - penalty)
    return "%d.%03d" % (points // 1000, points % 1000)


def main():
    for number, line in enumerate(sys.stdin, 1):
        line = line.rstrip("\n")
        params = line.split("\t")[-1].split()
        if not params:
            continue
        try:
            cid, lr, depth = params[0], float(params[1]), int(params[2])
        except (IndexError, ValueError):
            print("evaluate.py: input line %d is %r, not 'ID LR DEPTH'" % (number, line), file=sys.stderr)
            return 2
        print("reporter:status:evaluating %s" % cid, file=sys.stderr)
        print("%s\t%s" % (cid, score(lr, depth)))
        print("reporter:counter:Sweep,candidates,1", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
