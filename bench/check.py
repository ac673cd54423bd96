#!/usr/bin/env python3
"""Compares the outputs of bench/run.sh's last round (standard library only).

W1, W1x10: each side's every LSOA score (to 1e-9, relative), rank and
decile, and every LAD's LSOA count, population, population-weighted mean
score and rank and share in the most deprived 10% (to 1e-9), against the same
formula computed here from the input; the only difference between the two
sides is how a tied published domain rank is transformed (see expected_w1).
W2: records and distinct people of every LSOA x service cell, targeting's
published table against DuckDB's exact counts (a suppressed cell fails).
W3: feature count and extent of every layer, targeting against ogr2ogr.
Exit status 1 when anything differs.
"""
import csv
import math
import os
import re
import subprocess
import sys

out = sys.argv[1]  # then the W1 and W1x10 input CSVs
failures = []


def fail(msg):
    failures.append(msg)
    print("  DIFFERS:", msg)


def close(a, b, tol=1e-9):
    return math.isclose(float(a), float(b), rel_tol=tol, abs_tol=tol)


def rows(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


DOMAINS = [("Income", 0.225), ("Employment", 0.225), ("Education, Skills and Training", 0.135),
           ("Health Deprivation and Disability", 0.135), ("Crime", 0.093),
           ("Barriers to Housing and Services", 0.093), ("Living Environment", 0.093)]


def expected_w1(iod, ties):
    """The W1 tables computed here from the IoD file: R = (N+1-rank)/N,
    X = -23 ln(1 - R(1 - e^(-100/23))), weighted sum, rank 1 = highest score
    (ties by code), decile = ceil(10 rank / N), LAD population-weighted means.
    With ties=True, k LSOAs sharing a published domain rank r are transformed
    at their mean position r + (k-1)/2 (IoD 2019 File 9; targeting's rule,
    engine/normalise.go); with ties=False at r (DuckDB's SQL)."""
    src = rows(iod)
    n = len(src)
    counts = []
    for d, _ in DOMAINS:
        c = {}
        for r in src:
            c[r[d + " Rank (where 1 is most deprived)"]] = c.get(r[d + " Rank (where 1 is most deprived)"], 0) + 1
        counts.append(c)
    k = 1 - math.exp(-100 / 23)
    lsoa = {}
    for r in src:
        score = 0.0
        for (d, w), c in zip(DOMAINS, counts):
            v = r[d + " Rank (where 1 is most deprived)"]
            rank = int(v) + ((c[v] - 1) / 2 if ties else 0)
            score += w * (-23 * math.log(1 - (n + 1 - rank) / n * k))
        lsoa[r["LSOA code (2011)"]] = [score, r["Local Authority District code (2019)"],
                                       float(r["Total population: mid 2015 (excluding prisoners)"])]
    order = sorted(lsoa, key=lambda c: (-lsoa[c][0], c))
    for i, c in enumerate(order):
        lsoa[c] += [i + 1, math.ceil((i + 1) * 10 / n)]
    lad = {}
    for c, (score, la, pop, rank, _) in lsoa.items():
        a = lad.setdefault(la, [0, 0.0, 0.0, 0.0, 0])
        a[0] += 1
        a[1] += pop
        a[2] += pop * score
        a[3] += pop * (n + 1 - rank)
        a[4] += rank <= n / 10
    return lsoa, {la: (a[0], a[1], a[2] / a[1], a[3] / a[1], a[4] / a[0]) for la, a in lad.items()}


def check_w1_side(name, side, lsoa, lad, got_lsoa, got_lad, cols):
    """Compares one side's tables (rows keyed by code) with the expected ones."""
    code, score, rank, decile, lad_code, lsoas, pop, avg_score, avg_rank, share = cols
    bad = 0
    if set(got_lsoa) != set(lsoa) or set(got_lad) != set(lad):
        fail(f"{name} {side}: {len(got_lsoa)} LSOAs and {len(got_lad)} LADs, want {len(lsoa)} and {len(lad)}")
        return 1
    for c, (s, _, _, r, d) in lsoa.items():
        o = got_lsoa[c]
        if not close(o[score], s) or int(o[rank]) != r or int(o[decile]) != d:
            bad += 1
            if bad <= 3:
                fail(f"{name} {side}: LSOA {c}: score {o[score]} rank {o[rank]} decile {o[decile]}; want {s!r} {r} {d}")
    for la, want in lad.items():
        o = got_lad[la]
        got = (o[lsoas], o[pop], o[avg_score], o[avg_rank], o[share])
        if not all(close(g, w) for g, w in zip(got, want)):
            bad += 1
            if bad <= 6:
                fail(f"{name} {side}: LAD {la}: {got}; want {want}")
    return bad


def check_w1(name, duck, ours, iod):
    if not os.path.exists(os.path.join(out, duck + "_lsoa.csv")):
        return
    bad = 0
    lsoa, lad = expected_w1(iod, ties=False)
    bad += check_w1_side(name, "DuckDB", lsoa, lad,
                         {r["lsoa_code"]: r for r in rows(os.path.join(out, duck + "_lsoa.csv"))},
                         {r["lad_code"]: r for r in rows(os.path.join(out, duck + "_lad.csv"))},
                         ("lsoa_code", "score", "imd_rank", "decile", "lad_code", "lsoas", "population", "avg_score", "avg_rank", "share_top10"))
    lsoa_t, lad_t = expected_w1(iod, ties=True)
    tied = sum(1 for c in lsoa if lsoa[c][0] != lsoa_t[c][0])
    bad += check_w1_side(name, "targeting", lsoa_t, lad_t,
                         {r["area_code"]: r for r in rows(os.path.join(out, ours, "imd2019_areas.csv"))},
                         {r["group_code"]: r for r in rows(os.path.join(out, ours, "imd2019_lad_summary.csv"))},
                         ("area_code", "score", "rank", "decile", "group_code", "n_areas", "population", "average_score", "average_rank", "proportion_most_deprived_10pct"))
    print(f"  {name}: {len(lsoa)} LSOAs, {len(lad)} LADs: " + ("both sides agree with the formula to 1e-9" if bad == 0 else f"{bad} differ") +
          f" ({tied} LSOAs have a tied domain rank, which targeting transforms at the mean position, as File 9 does)")


def check_w2():
    if not os.path.exists(os.path.join(out, "d2.csv")):
        return
    t = {r["area_code"]: r for r in rows(os.path.join(out, "w2", "w2.csv"))}
    bad = n = 0
    for r in rows(os.path.join(out, "d2.csv")):
        n += 1
        o = t.get(r["lsoa_code"])
        s = r["service"]
        got = o and (o.get(s + "_records"), o.get(s + "_people"), o.get(s + "_status"))
        if got != (r["records"], r["persons"], "published"):
            bad += 1
            if bad <= 3:
                fail(f"W2: {r['lsoa_code']} x {s}: DuckDB {r['records']} records, {r['persons']} persons; targeting {got}")
    print(f"  W2: {n} LSOA x service cells: " + ("agree" if bad == 0 else f"{bad} differ"))


def layer_info(path):
    txt = subprocess.run(["ogrinfo", "-so", "-al", path], capture_output=True, text=True, check=True).stdout
    count = int(re.search(r"Feature Count: (\d+)", txt).group(1))
    ext = [float(x) for x in re.search(r"Extent: \(([-\d.e]+), ([-\d.e]+)\) - \(([-\d.e]+), ([-\d.e]+)\)", txt).groups()]
    return count, ext


def check_w3():
    for size in ("W3", "W3x20"):
        for f in ("gpkg", "fgb"):
            peer = os.path.join(out, f"ogr_{size}.{f}")
            ours = os.path.join(out, f"l_{size}.{f}", f"layer.{f}")
            if not os.path.exists(peer):
                continue
            (pc, pe), (oc, oe) = layer_info(peer), layer_info(ours)
            if pc != oc or not all(close(a, b, 1e-9) for a, b in zip(pe, oe)):
                fail(f"{size} {f}: ogr2ogr {pc} features, extent {pe}; targeting {oc}, {oe}")
            else:
                print(f"  {size} {f}: {oc} features, extent {oe}: agree")


check_w1("W1", "d1", "w1", sys.argv[2])
check_w1("W1x10", "d10", "w1x10", sys.argv[3])
check_w2()
check_w3()
if failures:
    print(f"{len(failures)} difference(s)")
    sys.exit(1)
print("all outputs agree")
