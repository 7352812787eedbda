"""Which tries read the pages of a generated set (gen_photos / gen_bc1) that
the pipeline missed: reads `bench_scan --diagnose` output for those pages.

Usage: photo_diag.py SET_DIR DIAG.jsonl...
Prints, per page, the tries whose codes include the page's expected text, then
per try the number of those pages it reads (a candidate for a new rescue try
must be measured on boofcv-dev half A and B too, see crossval.sh).
"""
import json
import os
import sys
from collections import Counter

root, files = sys.argv[1], sys.argv[2:]
expected = {e["file"]: e["text"] for e in json.load(open(os.path.join(root, "manifest.json")))}
per_try = Counter()
pages = 0
for fn in files:
    for line in open(fn):
        if not line.strip():
            continue
        r = json.loads(line)
        name = os.path.basename(r["input"])
        pages += 1
        ok = [t["try"] for t in r["tries"] if any(c["text"].strip() == expected[name] for c in t["codes"])]
        total_ms = sum(t["ms"] for t in r["tries"])
        print(f"{name}: {len(ok)} of {len(r['tries'])} tries read it ({total_ms / 1000:.0f} s for all): "
              + (", ".join(ok[:8]) + (" ..." if len(ok) > 8 else "") if ok else "none"))
        per_try.update(ok)
print(f"\n{pages} pages; tries reading the most of them:")
for t, n in per_try.most_common(15):
    print(f"  {n:3d}  {t}")
