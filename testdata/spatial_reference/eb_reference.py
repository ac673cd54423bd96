"""Reference values for engine/smooth (rate smoothing), written once.

Hand-codes, in numpy, the global empirical Bayes smoother of Marshall (1991)
and the spatial empirical Bayes smoother (GeoDa "Spatial EB"), as PySAL's
esda.smoothing.Empirical_Bayes and Spatial_Empirical_Bayes state them (PySAL
itself could not be installed). Run with the Debian numpy:

    /usr/bin/python3 eb_reference.py          # print the first ten St Louis values
    /usr/bin/python3 eb_reference.py write    # (re)write the two *_eb_reference.csv

The printed St Louis values (HC7984 / PO7984, stl.gal) agree with the
eb.r[:10] and s_eb.r[:10] printed in the esda docstrings.
"""
import csv
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def read(path, ecol, bcol, idcol=None):
    rows = list(csv.DictReader(open(path)))
    e = np.array([float(r[ecol]) for r in rows])
    b = np.array([float(r[bcol]) for r in rows])
    ids = [r[idcol] for r in rows] if idcol else [str(i + 1) for i in range(len(rows))]
    return e, b, ids


def gal(path):
    """GAL neighbour lists by id (header line skipped)."""
    lines = open(path).read().split("\n")
    nb, i = {}, 1
    while i < len(lines) and lines[i].strip():
        a, k = lines[i].split()[:2]
        nb[a] = lines[i + 1].split() if int(k) else []
        i += 2
    return nb


def eb(e, b):
    r_mean = e.sum() / b.sum()
    rate = e / b
    r_variat = (b * (rate - r_mean) ** 2).sum() / b.sum()
    left = max(r_variat - r_mean / (b.sum() / len(e)), 0)
    w = left / (left + r_mean / b)
    return w * rate + (1 - w) * r_mean


def seb(e, b, ids, nb):
    pos = {v: i for i, v in enumerate(ids)}
    rate = e / b
    out = np.zeros(len(e))
    for i, idv in enumerate(ids):
        ng = [pos[j] for j in nb[idv]] + [i]
        r_mean = e[ng].sum() / b[ng].sum()
        bi = b[ng].sum()
        left = (np.square(rate[ng] - r_mean) * b[ng]).sum() / bi
        v = max(left - r_mean / (bi / len(ng)), 0)
        out[i] = r_mean + (rate[i] - r_mean) * (v / (v + r_mean / b[i]))
    return out


def write(path, ids, e, b, r_eb, r_seb):
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "events", "base", "eb", "spatial_eb"])
        for row in zip(ids, e, b, r_eb, r_seb):
            w.writerow([row[0], "%.17g" % row[1], "%.17g" % row[2], repr(float(row[3])), repr(float(row[4]))])


if __name__ == "__main__":
    cases = [
        ("stl/stl_hom.csv", "HC7984", "PO7984", None, "stl/stl.gal", "stl/stl_eb_reference.csv"),
        ("sids2/sids2.csv", "SID74", "BIR74", "FIPSNO", "sids2/sids2.gal", "sids2/sids2_eb_reference.csv"),
    ]
    np.set_printoptions(precision=9)
    for data, ecol, bcol, idcol, weights, out in cases:
        e, b, ids = read(os.path.join(HERE, data), ecol, bcol, idcol)
        nb = gal(os.path.join(HERE, weights))
        r_eb, r_seb = eb(e, b), seb(e, b, ids, nb)
        print(data, "eb", r_eb[:10], "spatial eb", r_seb[:10])
        if sys.argv[1:] == ["write"]:
            write(os.path.join(HERE, out), ids, e, b, r_eb, r_seb)
