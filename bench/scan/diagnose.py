"""Orders pipeline tries: reads `bench_scan --diagnose` output for BoofCV images
and prints, per try, codes found and time, then a greedy order by new codes per ms."""
import json
import sys
from collections import defaultdict

import corpus

gt = {p: polys for _, p, polys in corpus.load_boofcv(sys.argv[1])}
# Several files may hold different tries of the same images: merged by input.
merged = {}
for fn in sys.argv[2:]:
    with open(fn) as f:
        for l in f:
            if l.strip():
                r = json.loads(l)
                merged.setdefault(r["input"], {"input": r["input"], "tries": []})["tries"] += r["tries"]
rows = list(merged.values())

hits = defaultdict(set)  # try -> {(img, poly)}
ms = defaultdict(float)
for r in rows:
    polys = gt.get(r["input"])
    if polys is None:
        continue
    for t in r["tries"]:
        for i in corpus.boofcv_hits(polys, t["codes"]):
            hits[t["try"]].add((r["input"], i))
        ms[t["try"]] += t["ms"]

total = sum(len(gt[r["input"]]) for r in rows if r["input"] in gt)
print(f"{len(rows)} images, {total} codes")
for t in sorted(hits, key=lambda t: -len(hits[t])):
    print(f"{t:28s} {len(hits[t]):4d} codes {ms[t]/len(rows):8.1f} ms/img")
allh = set().union(*hits.values())
print(f"union of all tries: {len(allh)} codes = {100*len(allh)/total:.1f}%, images {len({h[0] for h in allh})}")
got = set()
order = []
cands = set(ms)
while cands:
    best = max(cands, key=lambda t: (len(hits[t] - got) / (ms[t] + 1), -ms[t]))
    new = hits[best] - got
    if not new:
        break
    got |= new
    order.append(best)
    cands.discard(best)
    print(f"+ {best:28s} +{len(new):3d} -> {len(got)} ({100*len(got)/total:.1f}%), images {len({h[0] for h in got})}")
