"""Per-try cross-validation of the production pipeline on boofcv-dev.

Usage: crossval.py BOOFCV_DEV_DIR split.json DIAG.jsonl... [--markdown] [--drop-unearned-on A|B]

DIAG.jsonl: `bench_scan --diagnose --pipeline` output (every try of
`decode::pipeline` run alone on every image, in pipeline order). For each try
it prints its finds on half A (tune) and half B (held-out): all its finds, the
new ones in pipeline order (codes no earlier try found) and the unique ones
(codes no other pipeline try found). A try "earns its place" on a half when
it has new finds there in pipeline order. Then the greedy order chosen on A
alone (new codes per ms, as diagnose.py) and what that choice reads on B.
With --drop-unearned-on A, also what B reads when the tries with no new finds
on A are dropped (boofcv-dev has no BC1 code, so the pipeline runs every try
and reads the union of their finds, whatever the order).
"""
import json
import os
import sys
from collections import defaultdict

import corpus

argv = sys.argv[1:]
drop_on = None
if "--drop-unearned-on" in argv:
    k = argv.index("--drop-unearned-on")
    drop_on = argv[k + 1]
    del argv[k:k + 2]
args = [a for a in argv if not a.startswith("--")]
md = "--markdown" in argv
root, split_path, files = args[0], args[1], args[2:]
gt = {os.path.realpath(p): (cat, polys) for cat, p, polys in corpus.load_boofcv(root)}
with open(split_path) as f:
    split = json.load(f)
half_of = {}
for h in ("A", "B"):
    for cat, names in split[h].items():
        for n in names:
            half_of[(cat, n)] = h

rows = {}
for fn in files:
    with open(fn) as f:
        for line in f:
            if not line.strip():
                continue
            r = json.loads(line)
            rows.setdefault(os.path.realpath(r["input"]), []).extend(r["tries"])
# The pipeline leaves out tries that do not apply to an image's size, so the
# lists differ between images: the longest one gives the order shown, and
# "new" is counted in each image's own order (as the pipeline runs it).
order = []
for tries in sorted(rows.values(), key=lambda ts: -len(ts)):
    for t in tries:
        if t["try"] not in order:
            order.append(t["try"])

hits = {h: defaultdict(set) for h in ("A", "B")}
ms = {h: defaultdict(float) for h in ("A", "B")}
nimg = {"A": 0, "B": 0}
total = {"A": 0, "B": 0}
for path, tries in rows.items():
    if path not in gt:
        continue
    cat, polys = gt[path]
    h = half_of[(cat, os.path.basename(path))]
    nimg[h] += 1
    total[h] += len(polys)
    for t in tries:
        for i in corpus.boofcv_hits(polys, t["codes"]):
            hits[h][t["try"]].add((path, i))
        ms[h][t["try"]] += t["ms"]

def new_in_order(h):
    """Per try, the codes of half h that no earlier try of the same image found."""
    out, got = defaultdict(set), set()
    for path, tries in rows.items():
        if path not in gt or half_of[(gt[path][0], os.path.basename(path))] != h:
            continue
        seen = set()
        for t in tries:
            mine = {x for x in hits[h][t["try"]] if x[0] == path}
            out[t["try"]] |= mine - seen
            seen |= mine
        got |= seen
    return out, got

newA, allA = new_in_order("A")
newB, allB = new_in_order("B")

def unique(h, t):
    others = set().union(*(hits[h][u] for u in order if u != t)) if len(order) > 1 else set()
    return hits[h][t] - others

print(f"half A: {nimg['A']} images, {total['A']} codes; half B: {nimg['B']} images, {total['B']} codes")
print(f"union of the pipeline's tries: A {len(allA)} codes ({100*len(allA)/max(1,total['A']):.1f}%), "
      f"B {len(allB)} codes ({100*len(allB)/max(1,total['B']):.1f}%)\n")
if md:
    print("| # | try | ms/img A | finds A | new A | unique A | finds B | new B | unique B | on B |")
    print("|---|---|---|---|---|---|---|---|---|---|")
else:
    print(f"{'#':>2} {'try':34s} {'ms/imgA':>8s} {'A':>4s} {'newA':>5s} {'uniqA':>5s} {'B':>4s} {'newB':>5s} {'uniqB':>5s}  on B")
for k, t in enumerate(order, 1):
    mA = ms["A"][t] / max(1, nimg["A"])
    verdict = "earns its place" if newB[t] else ("nothing new (candidate to drop/move)" if not newA[t]
                                                  else "new on A only (candidate to drop/move)")
    vals = (len(hits["A"][t]), len(newA[t]), len(unique("A", t)), len(hits["B"][t]), len(newB[t]), len(unique("B", t)))
    if md:
        print(f"| {k} | `{t}` | {mA:.0f} | " + " | ".join(str(v) for v in vals) + f" | {verdict} |")
    else:
        print(f"{k:2d} {t:34s} {mA:8.1f} " + " ".join(f"{v:5d}" for v in vals) + f"  {verdict}")

# Greedy choice on one half only, applied to the other (both ways: a 2-fold
# estimate of what choosing tries this way reads on photos it did not see).
def pct_imgs(got, h):
    return 100 * len({p for p, _ in got}) / max(1, nimg[h])


for tune, held in (("A", "B"), ("B", "A")):
    print(f"\nGreedy choice on {tune} (new codes per ms on {tune}), with what each choice adds on {held}:\n")
    gotT, gotH, cands = set(), set(), set(order)
    while cands:
        best = max(cands, key=lambda t: (len(hits[tune][t] - gotT) / (ms[tune][t] / max(1, nimg[tune]) + 1),
                                         -ms[tune][t]))
        nT = hits[tune][best] - gotT
        if not nT:
            break
        nH = hits[held][best] - gotH
        gotT |= nT
        gotH |= hits[held][best]
        cands.discard(best)
        print(f"    + {best:40s} {tune} +{len(nT):3d} -> {100*len(gotT)/total[tune]:.1f}%   "
              f"{held} +{len(nH):3d} -> {100*len(gotH)/total[held]:.1f}%")
    every = allB if held == "B" else allA
    print(f"\n- chosen on {tune}: {tune} {100*len(gotT)/total[tune]:.1f}% codes / {pct_imgs(gotT, tune):.1f}% images; "
          f"held-out {held} **{100*len(gotH)/total[held]:.1f}% codes / {pct_imgs(gotH, held):.1f}% images**")
    print(f"- all {len(order)} pipeline tries (chosen on the whole dev set, {held} included): "
          f"{held} {100*len(every)/total[held]:.1f}% codes / {pct_imgs(every, held):.1f}% images")
    print(f"- tries never chosen on {tune}: {', '.join(f'`{t}`' for t in sorted(cands)) or 'none'}")

if drop_on:
    other = "B" if drop_on == "A" else "A"
    new_on = newA if drop_on == "A" else newB
    drop = [t for t in order if not new_on[t]]
    keep = [t for t in order if new_on[t]]
    print(f"\nDropping the {len(drop)} tries with no new find on {drop_on}: {', '.join(f'`{t}`' for t in drop)}\n")
    for h in ("A", "B"):
        got = set().union(*(hits[h][t] for t in keep))
        every = allA if h == "A" else allB
        cost = sum(ms[h][t] for t in keep) / max(1, nimg[h])
        full = sum(ms[h][t] for t in order) / max(1, nimg[h])
        tag = "tune" if h == drop_on else "held-out"
        print(f"- {h} ({tag}): {100*len(got)/total[h]:.1f}% codes / {pct_imgs(got, h):.1f}% images "
              f"(all tries: {100*len(every)/total[h]:.1f}% / {pct_imgs(every, h):.1f}%); "
              f"tries' time alone, summed: {cost:.0f} ms/img (all tries: {full:.0f})")
