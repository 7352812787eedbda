"""Decode benchmark: buildcert-scan, zxing-cpp and zbarimg on the same images.

Usage: bench.py --ours BENCH_SCAN_BIN --corpus QR_CORPUS_DIR --bc1 BC1_SET_DIR [--only SET]
                [--split split.json] [--photos PHOTO_SET_DIR]
Prints a Markdown table per set: rate per category and median / p95 ms per image.
With --split, the boofcv-dev table gives the whole set, half A (tune) and
half B (held-out) side by side for every decoder (see make_split.py), and
out/boofcv_results.json keeps every decoder's codes and time per image.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET

import corpus

HERE = os.path.dirname(os.path.abspath(__file__))


def run_ours(binary, paths):
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        f.write("\n".join(paths))
        lst = f.name
    out = {}
    proc = subprocess.run([binary, "--files-from", lst], capture_output=True, text=True, check=True)
    os.unlink(lst)
    for line in proc.stdout.splitlines():
        r = json.loads(line)
        out[r["input"]] = ([{"text": c["text"], "corners": c["corners"]} for c in r["codes"]], r["ms"])
    return out


def run_zxingcpp(paths):
    import zxingcpp
    from PIL import Image

    out = {}
    for p in paths:
        t0 = time.perf_counter()
        img = Image.open(p)
        img.load()
        res = zxingcpp.read_barcodes(img, formats=zxingcpp.BarcodeFormat.QRCode)
        ms = (time.perf_counter() - t0) * 1000
        codes = []
        for b in res:
            q = b.position
            corners = [[q.top_left.x, q.top_left.y], [q.top_right.x, q.top_right.y],
                       [q.bottom_right.x, q.bottom_right.y], [q.bottom_left.x, q.bottom_left.y]]
            codes.append({"text": b.text, "corners": corners})
        out[p] = (codes, ms)
    return out


def run_zbar(paths):
    out = {}
    ns = "{http://zbar.sourceforge.net/2008/barcode}"
    for p in paths:
        t0 = time.perf_counter()
        proc = subprocess.run(["zbarimg", "--xml", "-q", "-Sdisable", "-Sqrcode.enable", p],
                              capture_output=True, text=True)
        ms = (time.perf_counter() - t0) * 1000
        codes = []
        try:
            root = ET.fromstring(proc.stdout) if proc.stdout.strip() else None
        except ET.ParseError:
            root = None
        if root is not None:
            for d in root.iter(ns + "data"):
                # zbarimg reports no corners: scored as an upper bound on BoofCV.
                codes.append({"text": d.text or "", "corners": None})
        out[p] = (codes, ms)
    return out


def pct(a, b):
    return f"{100.0 * a / b:.1f}%" if b else "-"


def times(res, paths):
    ts = sorted(res[p][1] for p in paths)
    if not ts:
        return "-", "-"
    p95 = ts[min(len(ts) - 1, int(round(0.95 * (len(ts) - 1))))]
    return f"{statistics.median(ts):.0f}", f"{p95:.0f}"


def table(title, cats, decoders, score, unit):
    """cats: {category: [items]}; score(dec_results, items) -> (num, den, extra)."""
    print(f"\n### {title}\n")
    head = "| category | n |" + "".join(f" {d} |" for d in decoders)
    print(head)
    print("|---|---|" + "---|" * len(decoders))
    allitems = [it for items in cats.values() for it in items]
    for cat, items in list(cats.items()) + [("**all**", allitems)]:
        row = f"| {cat} | {len(items)} |"
        for d in decoders:
            row += f" {score(decoders[d], items)} |"
        print(row)
    row = f"| median / p95 ms per image | |"
    for d in decoders:
        m, p = times(decoders[d], [it[1] for it in allitems])
        row += f" {m} / {p} |"
    print(row)
    print(f"\n({unit})")


def split_table(cats, decoders, split, score_counts):
    """boofcv-dev: dev / A / B side by side. score_counts(r, items) -> (codes, total, imgs, n)."""
    half = {h: {(c, n) for c, names in split[h].items() for n in names} for h in ("A", "B")}
    which = lambda it, h: (it[0], os.path.basename(it[1])) in half[h]
    print("\n### boofcv-dev, whole set and halves A (tune) / B (held-out): codes found / images with a code found\n")
    head = "| category | n dev (A+B) |"
    for d in decoders:
        head += f" {d} dev | {d} A | **{d} B** |"
    print(head)
    print("|---|---|" + "---|---|---|" * len(decoders))
    allitems = [it for items in cats.values() for it in items]
    for cat, items in list(cats.items()) + [("**all**", allitems)]:
        a = [it for it in items if which(it, "A")]
        b = [it for it in items if which(it, "B")]
        row = f"| {cat} | {len(items)} ({len(a)}+{len(b)}) |"
        for d in decoders:
            for sub in (items, a, b):
                c, t, i, n = score_counts(decoders[d], sub)
                row += f" {pct(c, t)} / {pct(i, n)} |"
        print(row)
    for label, sel in (("images with a labelled code", lambda it: bool(it[2])),
                       ("images with no code", lambda it: not it[2])):
        row = f"| median / p95 ms, {label} | |"
        for d in decoders:
            for h in (None, "A", "B"):
                ps = [it[1] for it in allitems if sel(it) and (h is None or which(it, h))]
                m, p = times(decoders[d], ps)
                row += f" {m} / {p} |"
        print(row)
    print("\n(codes: n found / n labelled; images: images with at least one labelled code found / all images. "
          "A code is found when the centre of its reported corners lies inside a labelled polygon; zbarimg reports "
          "no corners, so its figures are an upper bound. boofcv-dev has no image without a code, so that row is '-')")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ours", required=True)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--bc1", required=True)
    ap.add_argument("--only", action="append")
    ap.add_argument("--decoders", default="buildcert-scan,zxing-cpp,zbar")
    ap.add_argument("--split", help="split.json: boofcv-dev also scored on halves A and B")
    ap.add_argument("--photos", help="a generated photo set (gen_photos): pages read with the expected text")
    a = ap.parse_args()
    want = a.decoders.split(",")
    runners = {"buildcert-scan": lambda ps: run_ours(a.ours, ps), "zxing-cpp": run_zxingcpp, "zbar": run_zbar}
    summary = {}

    def run_all(paths):
        res = {}
        for d in want:
            t0 = time.time()
            res[d] = runners[d](paths)
            print(f"  {d}: {len(paths)} images in {time.time() - t0:.0f} s", file=sys.stderr)
        return res

    if not a.only or "boofcv" in a.only:
        items = corpus.load_boofcv(os.path.join(a.corpus, "boofcv-dev"))
        print(f"boofcv-dev: {len(items)} images", file=sys.stderr)
        res = run_all([p for _, p, _ in items])
        cats = {}
        for it in items:
            cats.setdefault(it[0], []).append(it)

        def score(r, its):
            codes = sum(len(corpus.boofcv_hits(polys, r[p][0])) for _, p, polys in its)
            total = sum(len(polys) for _, _, polys in its)
            imgs = sum(1 for _, p, polys in its if corpus.boofcv_hits(polys, r[p][0]))
            return f"{pct(codes, total)} / {pct(imgs, len(its))}"

        def score_counts(r, its):
            codes = sum(len(corpus.boofcv_hits(polys, r[p][0])) for _, p, polys in its)
            total = sum(len(polys) for _, _, polys in its)
            imgs = sum(1 for _, p, polys in its if corpus.boofcv_hits(polys, r[p][0]))
            return codes, total, imgs, len(its)

        if a.split:
            with open(a.split) as f:
                split = json.load(f)
            split_table(cats, res, split, score_counts)
            os.makedirs(os.path.join(HERE, "out"), exist_ok=True)
            with open(os.path.join(HERE, "out", "boofcv_results.json"), "w") as f:
                json.dump({d: {p: {"codes": r[p][0], "ms": r[p][1]} for p in r} for d, r in res.items()}, f)
            summary["boofcv_split"] = {}
            for h in ("A", "B"):
                names = {(c, n) for c, ns in split[h].items() for n in ns}
                sub = [it for it in items if (it[0], os.path.basename(it[1])) in names]
                summary["boofcv_split"][h] = {d: score(res[d], sub) for d in res}
        else:
            table("boofcv-dev (codes found / images with a code found)", cats, res, score,
                  "a code is found when the centre of its reported corners lies inside a labelled polygon; "
                  "zbarimg reports no corners, so its figures are an upper bound: n decoded texts count as n codes of that image")
        summary["boofcv"] = {d: score(res[d], items) for d in res}

    if not a.only or "zxing" in a.only:
        items = corpus.load_zxing(os.path.join(a.corpus, "zxing-blackbox"))
        print(f"zxing-blackbox: {len(items)} images", file=sys.stderr)
        res = run_all([p for _, p, _ in items])
        cats = {}
        for it in items:
            cats.setdefault(it[0], []).append(it)

        def score(r, its):
            ok = sum(1 for _, p, t in its if any(corpus.norm_text(c["text"]) == t for c in r[p][0]))
            return pct(ok, len(its))

        table("zxing-blackbox (images read with the expected text)", cats, res, score, "text compared with CR/LF normalised")
        summary["zxing"] = {d: score(res[d], items) for d in res}

    if not a.only or "bc1" in a.only:
        items = corpus.load_bc1(a.bc1)
        print(f"BC1 set: {len(items)} images", file=sys.stderr)
        res = run_all([p for _, p, _ in items])
        cats = {}
        for it in items:
            cats.setdefault(it[0], []).append(it)

        def score(r, its):
            ok = sum(1 for _, p, t in its if any(c["text"].strip() == t for c in r[p][0]))
            return pct(ok, len(its))

        table("BC1 set (pages read with the expected text)", cats, res, score,
              "generated by crates/scan/examples/gen_bc1.rs, deterministic seeds")
        scans = [p for c, p, _ in items if c.startswith("scan")]
        print("\nA4 scans (scan300/200/150_skew), median / p95 ms per image: " +
              ", ".join(f"{d} {' / '.join(times(res[d], scans))}" for d in res))
        summary["bc1"] = {d: score(res[d], items) for d in res}

    if a.photos and (not a.only or "photos" in a.only):
        items = corpus.load_bc1(a.photos)
        print(f"photo set: {len(items)} images", file=sys.stderr)
        res = run_all([p for _, p, _ in items])
        cats = {}
        for it in items:
            cats.setdefault(it[0], []).append(it)

        def score(r, its):
            # A page with no code ("" expected) is right when nothing is read.
            ok = sum(1 for _, p, t in its
                     if (any(c["text"].strip() == t for c in r[p][0]) if t else not r[p][0]))
            return f"{ok}/{len(its)}"

        table("Certificate photo set (pages read with the expected text; no_code: pages where nothing was read)",
              cats, res, score, "generated by crates/scan/examples/gen_photos.rs, fixed seeds")
        coded = [p for _, p, t in items if t]
        none = [p for _, p, t in items if not t]
        withcode = [it for it in items if it[2]]
        print("\npages with a code read: " + ", ".join(
            f"{d} {score(res[d], withcode)} ({pct(int(score(res[d], withcode).split('/')[0]), len(withcode))})"
            for d in res))
        print("\nmedian / p95 ms, pages with a code: " +
              ", ".join(f"{d} {' / '.join(times(res[d], coded))}" for d in res) +
              "; pages with no code: " + ", ".join(f"{d} {' / '.join(times(res[d], none))}" for d in res))
        summary["photos"] = {d: score(res[d], [it for it in items if it[2]]) for d in res}

    os.makedirs(os.path.join(HERE, "out"), exist_ok=True)
    with open(os.path.join(HERE, "out", "summary.json"), "w") as f:
        json.dump(summary, f, indent=1)


if __name__ == "__main__":
    main()
