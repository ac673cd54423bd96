import os
# Reference values for engine rate smoothing: the published formulas of
# Marshall (1991) global EB and the spatial EB of Anselin, Lozano & Koschinsky
# (2006) / GeoDa, as written in PySAL esda.smoothing, hand-coded in numpy.
import csv, sys, numpy as np
def read(path, ecol, bcol, idcol=None):
    rows = list(csv.DictReader(open(path)))
    e = np.array([float(r[ecol]) for r in rows]); b = np.array([float(r[bcol]) for r in rows])
    ids = [r[idcol] for r in rows] if idcol else None
    return e, b, ids
def gal(path):
    lines = open(path).read().split("\n"); nb = {}; i = 1
    while i < len(lines) and lines[i].strip():
        a, k = lines[i].split()[:2]; nb[a] = lines[i+1].split() if int(k) else []; i += 2
    return nb
def eb(e, b):
    r_mean = e.sum()/b.sum(); rate = e/b
    r_variat = (b*(rate-r_mean)**2).sum()/b.sum()
    left = r_variat - r_mean/(b.sum()/len(e)); left = max(left, 0)
    right = r_mean/b; w = left/(left+right)
    return w*rate + (1-w)*r_mean
def seb(e, b, ids, nb):
    pos = {v: i for i, v in enumerate(ids)}; n = len(e); rate = e/b
    r_mean = np.zeros(n); out = np.zeros(n)
    for i, idv in enumerate(ids):
        ng = [pos[j] for j in nb[idv]] + [i]
        r_mean[i] = e[ng].sum()/b[ng].sum()
    for i, idv in enumerate(ids):
        ng = [pos[j] for j in nb[idv]] + [i]
        bi = b[ng].sum()
        left = (np.square(rate[ng]-r_mean[i])*b[ng]).sum()/bi
        right = r_mean[i]/(bi/len(ng))
        v = max(left-right, 0)
        out[i] = r_mean[i] + (rate[i]-r_mean[i])*(v/(v + r_mean[i]/b[i]))
    return out
np.set_printoptions(precision=10)
for ecol, bcol in [("HC7984","PO7984"),("HC8488","PO8488")]:
    e, b, _ = read(os.path.dirname(os.path.abspath(__file__)) + "/stl/stl_hom.csv", ecol, bcol)
    ids = [str(i+1) for i in range(len(e))]
    nb = gal(os.path.dirname(os.path.abspath(__file__)) + "/stl/stl.gal")
    print(ecol, "eb", eb(e,b)[:10]); print(ecol, "seb", seb(e,b,ids,nb)[:10])

def write(path, ids, e, b, r_eb, r_seb):
    with open(path, "w", newline="") as f:
        w = csv.writer(f); w.writerow(["id", "events", "base", "eb", "spatial_eb"])
        for row in zip(ids, e, b, r_eb, r_seb):
            w.writerow([row[0], "%.17g" % row[1], "%.17g" % row[2], repr(float(row[3])), repr(float(row[4]))])
if len(sys.argv) > 1:
    import os; d = os.path.dirname(os.path.abspath(__file__)) + "/"
    e, b, _ = read(d+"stl/stl_hom.csv", "HC7984", "PO7984"); ids = [str(i+1) for i in range(len(e))]
    write(d+"stl/stl_eb_reference.csv", ids, e, b, eb(e, b), seb(e, b, ids, gal(d+"stl/stl.gal")))
    e, b, ids = read(d+"sids2/sids2.csv", "SID74", "BIR74", "FIPSNO")
    write(d+"sids2/sids2_eb_reference.csv", ids, e, b, eb(e, b), seb(e, b, ids, gal(d+"sids2/sids2.gal")))
