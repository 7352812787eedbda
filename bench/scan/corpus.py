"""Ground truth and scoring for the QR corpora (see ../../../shared/qr-corpus/README.md)."""
import json
import os


def boofcv_polygons(txt_path):
    """The labelled polygons of one BoofCV image: a list of 4-point lists."""
    nums = []
    sets = False
    rows = []
    with open(txt_path) as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            if line == "SETS":
                sets = True
                continue
            rows.append([float(v) for v in line.split()])
    if sets:
        return [[(r[i], r[i + 1]) for i in range(0, 8, 2)] for r in rows if len(r) >= 8]
    for r in rows:
        nums.extend(r)
    if len(nums) >= 8:
        return [[(nums[i], nums[i + 1]) for i in range(0, 8, 2)]]
    return []


def inside(poly, x, y):
    """Point in polygon (ray casting)."""
    n = len(poly)
    c = False
    j = n - 1
    for i in range(n):
        xi, yi = poly[i]
        xj, yj = poly[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi + 1e-12) + xi:
            c = not c
        j = i
    return c


def centre(corners):
    return (sum(p[0] for p in corners) / 4.0, sum(p[1] for p in corners) / 4.0)


def boofcv_hits(polys, codes):
    """Indices of labelled polygons that contain the centre of a decoded code.

    codes: list of dicts with "corners" (4 points); a code without corners
    (zbarimg) is None and counts as one hit on any polygon not yet hit (an
    upper bound).
    """
    hit = set()
    blind = 0
    for c in codes:
        if c.get("corners") is None:
            blind += 1
            continue
        x, y = centre(c["corners"])
        for i, p in enumerate(polys):
            if inside(p, x, y):
                hit.add(i)
    free = [i for i in range(len(polys)) if i not in hit]
    hit.update(free[:blind])
    return hit


def norm_text(t):
    return t.replace("\r\n", "\n").replace("\r", "\n").strip()


def load_boofcv(root):
    """[(category, image path, polygons)]"""
    out = []
    for cat in sorted(os.listdir(root)):
        d = os.path.join(root, cat)
        if not os.path.isdir(d):
            continue
        for name in sorted(os.listdir(d)):
            stem, ext = os.path.splitext(name)
            if ext.lower() not in (".jpg", ".jpeg", ".png"):
                continue
            txt = os.path.join(d, stem + ".txt")
            if os.path.exists(txt):
                out.append((cat, os.path.join(d, name), boofcv_polygons(txt)))
    return out


def load_zxing(root):
    """[(category, image path, expected text)]"""
    out = []
    for cat in sorted(os.listdir(root)):
        d = os.path.join(root, cat)
        if not os.path.isdir(d):
            continue
        for name in sorted(os.listdir(d)):
            stem, ext = os.path.splitext(name)
            if ext.lower() not in (".jpg", ".jpeg", ".png", ".gif"):
                continue
            txt = os.path.join(d, stem + ".txt")
            if os.path.exists(txt):
                with open(txt, encoding="utf-8", errors="replace") as f:
                    out.append((cat, os.path.join(d, name), norm_text(f.read())))
    return out


def load_bc1(root):
    """[(category, image path, expected text)] from the generated set's manifest."""
    with open(os.path.join(root, "manifest.json")) as f:
        m = json.load(f)
    return [(e["category"], os.path.join(root, e["file"]), e["text"]) for e in m]
