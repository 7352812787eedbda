"""Writes split.json: boofcv-dev split into half A ("tune") and half B ("held-out").

Usage: make_split.py BOOFCV_DEV_DIR > split.json

Within each category the images are ordered by the SHA-1 of "category/file
name" and dealt alternately to A and B (A first), so every category is split
evenly (A gets the extra image of an odd category) and the split depends only
on the file names. The file is checked in: the split is fixed, regenerate it
only if the corpus changes (and say so).
"""
import hashlib
import json
import sys

import corpus


def main():
    items = corpus.load_boofcv(sys.argv[1])
    cats = {}
    for cat, path, polys in items:
        cats.setdefault(cat, []).append((path.rsplit("/", 1)[-1], len(polys)))
    out = {"method": "per category: files ordered by sha1('category/file'), dealt alternately A, B, A, ...",
           "A": {}, "B": {}}
    for cat in sorted(cats):
        names = sorted(cats[cat], key=lambda n: hashlib.sha1(f"{cat}/{n[0]}".encode()).hexdigest())
        out["A"][cat] = sorted(n for n, _ in names[0::2])
        out["B"][cat] = sorted(n for n, _ in names[1::2])
    for h in ("A", "B"):
        n = sum(len(v) for v in out[h].values())
        codes = sum(c for cat in cats for name, c in cats[cat] if name in out[h][cat])
        out[f"{h}_counts"] = {"images": n, "codes": codes}
    json.dump(out, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
