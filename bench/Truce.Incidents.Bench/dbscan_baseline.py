"""DBSCAN baseline (scikit-learn, Debian's python3-sklearn) on the points Truce's batch benchmark wrote.

Space and time in one metric: x, y in km and the window's middle in minutes divided by TIME_SCALE (10 minutes count
as 1 km), euclidean, eps 1.5, min_samples 1 (every report belongs to some cluster, as every report belongs to an
incident). Prints the time of the clustering alone and the same quality scores as Truce's evaluation.
"""
import csv
import sys
import time
from collections import Counter

import numpy as np
from sklearn.cluster import DBSCAN

TIME_SCALE = 10.0
EPS = float(sys.argv[2]) if len(sys.argv) > 2 else 1.5

path = sys.argv[1]
rows = list(csv.reader(open(path)))[1:]
pts = np.array([[float(r[0]), float(r[1]), float(r[2]) / TIME_SCALE] for r in rows])
truth = [int(r[3]) for r in rows]

start = time.perf_counter()
labels = DBSCAN(eps=EPS, min_samples=1, algorithm="kd_tree", n_jobs=-1).fit_predict(pts)
elapsed = time.perf_counter() - start

joint = Counter(zip(labels, truth))
pred = Counter(labels)
real = Counter(truth)
pairs = lambda n: n * (n - 1) / 2
tp = sum(pairs(n) for n in joint.values())
pp = sum(pairs(n) for n in pred.values())
tt = sum(pairs(n) for n in real.values())
bp = sum(n * n / pred[p] for (p, t), n in joint.items()) / len(truth)
br = sum(n * n / real[t] for (p, t), n in joint.items()) / len(truth)
f1 = 2 * bp * br / (bp + br)
print(f"dbscan (eps {EPS}, 10 min = 1 km): {len(truth):,} points in {elapsed:.2f} s ({len(truth) / elapsed:,.0f} points/s), "
      f"{len(pred):,} clusters; pairwise P {tp / pp if pp else 1:.3f} R {tp / tt if tt else 1:.3f}; B³ F1 {f1:.3f}")
