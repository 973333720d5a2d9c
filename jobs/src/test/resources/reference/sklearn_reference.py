#!/usr/bin/python3
"""Reference values (scikit-learn / scipy) for the feature-ranking job's unit tests.

Run with Debian's interpreter and packages (python3-sklearn, python3-pandas, python3-scipy):

    /usr/bin/python3 jobs/src/test/resources/reference/sklearn_reference.py [DATASET_DIR]

DATASET_DIR defaults to /work/shared/datasets (env REFERENCE_DATASET_DIR also works).
Writes sklearn_bank_marketing.csv and sklearn_insteval_y_ge_4.csv next to this script.

All columns are read as raw strings (dtype=str, keep_default_na=False, na_filter=False):
values are the exact strings after CSV unquoting; "" would be its own category.
Every feature is treated as categorical. All information quantities are in nats.
"""
import csv
import datetime
import hashlib
import os
import platform
import shlex
import sys
import time

import numpy as np
import pandas as pd
import scipy
import scipy.stats
import sklearn
from sklearn.metrics import (
    adjusted_mutual_info_score,
    mutual_info_score,
    normalized_mutual_info_score,
)
from sklearn.metrics.cluster import contingency_matrix
from sklearn.metrics.cluster._expected_mutual_info_fast import (
    expected_mutual_information,
)

HERE = os.path.dirname(os.path.abspath(__file__))
DATASET_DIR = (
    sys.argv[1]
    if len(sys.argv) > 1
    else os.environ.get("REFERENCE_DATASET_DIR", "/work/shared/datasets")
)

HEADER = [
    "feature", "n", "cardinality", "singletons", "top_value", "top_count",
    "mi", "emi", "ami", "nmi", "h_f", "h_y", "su", "gain_ratio",
    "g_stat", "dof", "g_pvalue",
]

DATASETS = [
    {
        "file": "bank_marketing.csv.gz",
        "out": "sklearn_bank_marketing.csv",
        "label_col": "y",
        "label_def": "label = raw string column `y` (values as in file)",
        "label_fn": lambda s: s,
    },
    {
        "file": "insteval.csv.gz",
        "out": "sklearn_insteval_y_ge_4.csv",
        "label_col": "y",
        "label_def": 'label = float(y) >= 4, coded as strings "true"/"false"',
        "label_fn": lambda s: s.map(lambda v: "true" if float(v) >= 4 else "false"),
    },
]


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def entropy_of(values):
    """Natural-log entropy of the empirical distribution of `values`."""
    counts = pd.Series(values).value_counts(sort=False).to_numpy()
    return float(scipy.stats.entropy(counts))


def r(x):
    return repr(float(x))


def process(ds, command, date):
    path = os.path.join(DATASET_DIR, ds["file"])
    df = pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False)
    n = len(df)
    y = ds["label_fn"](df[ds["label_col"]]).to_numpy(dtype=object)
    features = [c for c in df.columns if c != ds["label_col"]]
    h_y = entropy_of(y)
    n_y = len(pd.unique(y))

    # Report suspicious raw values (empty strings, NA-like tokens).
    suspicious = {"", "NA", "N/A", "NaN", "nan", "null", "NULL", "None", "?", "unknown"}
    for c in df.columns:
        col = df[c]
        hits = {t: int((col == t).sum()) for t in suspicious if (col == t).any()}
        ws = int((col != col.str.strip()).sum())
        if hits or ws:
            print(f"  [{ds['file']}] column {c!r}: special values {hits} whitespace-padded={ws}")

    rows = []
    max_dev = 0.0
    emi_times = {}
    for fname in features:
        f = df[fname].to_numpy(dtype=object)
        vc = df[fname].value_counts(sort=False)
        cardinality = int(len(vc))
        singletons = int((vc == 1).sum())
        top_count = int(vc.max())
        top_value = min(k for k, v in vc.items() if v == top_count)

        mi = float(mutual_info_score(y, f))
        # Same construction and cast as sklearn's adjusted_mutual_info_score (1.2.x):
        # sparse contingency, cast to float64, then EMI(contingency, n_samples).
        cont = contingency_matrix(y, f, sparse=True)
        cont = cont.astype(np.float64, copy=False)
        t0 = time.perf_counter()
        emi = float(expected_mutual_information(cont, n))
        emi_times[fname] = (cardinality, time.perf_counter() - t0)
        ami = float(adjusted_mutual_info_score(y, f))
        nmi = float(normalized_mutual_info_score(y, f))

        h_f = entropy_of(f)
        h_fy = entropy_of(pd.Series(y).astype(str) + "\x00" + pd.Series(f).astype(str))
        dev = abs(mi - (h_f + h_y - h_fy))
        max_dev = max(max_dev, dev)
        assert dev <= 1e-12, (fname, mi, h_f + h_y - h_fy, dev)

        su = 2.0 * mi / (h_f + h_y) if (h_f + h_y) > 0 else 0.0
        gain_ratio = mi / h_f if h_f != 0 else 0.0
        g_stat = 2.0 * n * mi
        dof = (cardinality - 1) * (n_y - 1)
        g_pvalue = float(scipy.stats.chi2.sf(g_stat, dof))

        rows.append([
            fname, n, cardinality, singletons, top_value, top_count,
            r(mi), r(emi), r(ami), r(nmi), r(h_f), r(h_y), r(su), r(gain_ratio),
            r(g_stat), dof, r(g_pvalue),
        ])

    out = os.path.join(HERE, ds["out"])
    prov = [
        f"dataset: {ds['file']} sha256={sha256(path)} rows={n}",
        f"read: pandas.read_csv(dtype=str, keep_default_na=False, na_filter=False); all features categorical raw strings",
        ds["label_def"],
        "units: natural log (nats); mi=sklearn mutual_info_score(Y,F); "
        "emi=sklearn _expected_mutual_info_fast.expected_mutual_information(contingency_matrix(Y,F,sparse=True).astype(float64), N); "
        "ami/nmi=sklearn adjusted_/normalized_mutual_info_score(Y,F) average_method=arithmetic",
        "h_f,h_y=scipy.stats.entropy(value counts); su=2*mi/(h_f+h_y); gain_ratio=mi/h_f (0 if h_f==0); "
        "g_stat=2*N*mi; dof=(card(F)-1)*(card(Y)-1); g_pvalue=scipy.stats.chi2.sf(g_stat,dof); "
        "top_value ties -> lexicographically smallest",
        f"versions: sklearn={sklearn.__version__} numpy={np.__version__} scipy={scipy.__version__} "
        f"pandas={pd.__version__} python={platform.python_version()} ({sys.executable})",
        f"command: {command}",
        f"date: {date}",
    ]
    with open(out, "w", newline="") as fh:
        for line in prov:
            fh.write("# " + line + "\n")
        w = csv.writer(fh, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        w.writerow(HEADER)
        w.writerows(rows)

    big = max(emi_times, key=lambda k: emi_times[k][0])
    print(f"{ds['file']}: N={n} features={len(features)} -> {out}")
    print(f"  cross-check max |mi - (H(F)+H(Y)-H(F,Y))| = {max_dev!r}")
    print(f"  EMI time for largest-cardinality feature {big!r} "
          f"(card={emi_times[big][0]}): {emi_times[big][1]:.3f} s")
    print(f"  total EMI time: {sum(t for _, t in emi_times.values()):.3f} s")
    return max_dev


def main():
    command = "cd " + shlex.quote(os.getcwd()) + " && " + " ".join(
        shlex.quote(a) for a in [sys.executable] + sys.argv
    )
    date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    print(f"sklearn={sklearn.__version__} numpy={np.__version__} scipy={scipy.__version__} "
          f"pandas={pd.__version__} python={platform.python_version()}")
    devs = [process(ds, command, date) for ds in DATASETS]
    print(f"overall max deviation: {max(devs)!r}")


if __name__ == "__main__":
    main()
