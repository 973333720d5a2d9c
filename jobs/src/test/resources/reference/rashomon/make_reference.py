#!/usr/bin/python3
"""Independent numpy reference values for the Rashomon job ("scores mode").

What this is
------------
A deterministic generator (fixed numpy seed) of small synthetic model pools, with their
perturbed-feature scores, and of the expected output tables of the Rashomon job in scores
mode: model_reliance, mcr, fis, fis_cloud, rashomon_curve and rid.  It was written from
/work/shared/reference/multiplicity.md (sections 0, 1, 2.8, 2.9, 2.10) and the test brief,
NOT from the Java code, so it is an independent oracle for the Java/Spark tests.  The extra
`*_rid_code` columns of rid.csv transcribe the public RID code
(jdonnelly36/Rashomon_Importance_Distribution); see README.md.

How to rerun
------------
    cd jobs/src/test/resources/reference/rashomon
    /usr/bin/python3 make_reference.py

Needs numpy (tested with 1.24.2) and pandas (1.5.3).  Rerunning deletes and rewrites cases/
and cases.json (README.md is not touched) and is byte-for-byte reproducible.

The script has two halves:
  1. generate: synthetic features, logistic-type models, permuted columns -> the input CSVs;
  2. oracle:   read the CSVs back (nothing else) and compute the expected tables, plainly,
               with pandas groupby + math.fsum + exact fractions where it matters.
Then it asserts hand-checkable facts about the inputs and the outputs (see check_case()).
"""
import csv
import json
import math
import os
import shutil
from fractions import Fraction

import numpy as np
import pandas as pd

OUT = os.path.dirname(os.path.abspath(__file__))
SEED = 20241126

FEATURES = ["x0", "x1", "x2", "x3"]
# data-generating process of the labels: logit = b + w.x + c * x0 * x1 (planted interaction)
TRUE_B = 0.2
TRUE_W = np.array([1.5, -1.0, 0.7, 0.0])    # x3 is pure noise
TRUE_C = 1.2
CLIP = 1e-15            # log-loss clipping, as the brief (scikit-learn's former eps)
THRESHOLD = 0.5         # zero-one loss and decision patterns: class 1 iff score >= 0.5
QUANTILE_TOL = 1e-12    # RID quantile: smallest value whose CDF >= q - 1e-12

TABLES = ["model_reliance", "mcr", "fis", "fis_cloud", "rashomon_curve", "rid"]
HEADERS = {
    "model_reliance": ["model_id", "selection_loss", "joins_at_epsilon", "feature",
                       "loss_original", "loss_perturbed", "mr_ratio", "mr_diff"],
    "mcr": ["epsilon", "set_size", "feature", "mr_ratio_ref", "mr_diff_ref",
            "mcr_minus_ratio", "mcr_plus_ratio", "mean_ratio", "argmin_model", "argmax_model",
            "mcr_minus_diff", "mcr_plus_diff", "mean_diff", "argmin_model_diff",
            "argmax_model_diff"],
    "fis": ["model_id", "pair", "feature_a", "feature_b", "phi_a", "phi_b", "phi_ab", "fis"],
    "fis_cloud": ["source", "epsilon", "set_size", "pair", "ref", "min", "max", "mean",
                  "sign_change", "argmin_model", "argmax_model"],
    "rashomon_curve": ["epsilon", "configured", "set_size", "pool_size", "rashomon_ratio",
                       "pattern_count", "pool_pattern_count", "pattern_rashomon_ratio"],
    "rid": ["epsilon", "feature", "groups", "models", "mean", "median", "q25", "q75",
            "bwr_low", "bwr_high", "prob_positive", "cdf_grid", "cdf",
            "median_rid_code", "q25_rid_code", "q75_rid_code", "bwr_low_rid_code",
            "bwr_high_rid_code"],
}


# --------------------------------------------------------------------------------------
# small helpers
# --------------------------------------------------------------------------------------
def fmt(x):
    """CSV cell: None -> empty, bool -> true/false, int -> str, float -> repr, list -> [..]."""
    if x is None:
        return ""
    if isinstance(x, (bool, np.bool_)):
        return "true" if x else "false"
    if isinstance(x, (int, np.integer)):
        return str(int(x))
    if isinstance(x, (float, np.floating)):
        x = float(x)
        assert math.isfinite(x), x
        return repr(x + 0.0)            # + 0.0 turns -0.0 into 0.0
    if isinstance(x, (list, tuple, np.ndarray)):
        return "[" + ", ".join(fmt(float(v)) for v in x) + "]"
    return str(x)


def write_csv(path, header, rows):
    """rows: dicts (missing keys -> empty) or sequences in header order."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for r in rows:
            cells = [r.get(c) for c in header] if isinstance(r, dict) else list(r)
            w.writerow([fmt(v) for v in cells])


def read_csv(path):
    # round_trip: the exact float of every repr() (pandas' default parser can be 1 ulp off)
    return pd.read_csv(path, float_precision="round_trip", dtype={"model_id": str})


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def fmean(values):
    """Mean as an exactly rounded sum (math.fsum) divided by the count."""
    values = list(values)
    return math.fsum(values) / len(values)


# --------------------------------------------------------------------------------------
# part 1: generation of the inputs
# --------------------------------------------------------------------------------------
def make_specs(rng, M, ignore_x3=(), additive=(), overconfident=(), noise=0.35):
    """Model h: logit = scale * (b + sum_j w_j x_j + c x0 x1); weights near the true ones.

    ignore_x3: w3 = 0 exactly (the model never reads x3).  additive: c = 0 (misses the
    planted interaction).  overconfident: scale 8 (scores round to exact 0.0 / 1.0).
    """
    specs = {}
    for h in range(M):
        w = TRUE_W + rng.normal(0.0, noise, 4)
        w[3] = rng.normal(0.0, 0.3)
        if h in ignore_x3:
            w[3] = 0.0
        c = 0.0 if h in additive else TRUE_C + rng.normal(0.0, 0.25)
        b = TRUE_B + rng.normal(0.0, 0.2)
        specs[f"m{h:02d}"] = dict(b=float(b), w=w, c=float(c),
                                  scale=8.0 if h in overconfident else 1.0)
    return specs


def model_scores(spec, X, decimals):
    """Score = round(sigmoid(logit), decimals).  Terms with weight 0 are skipped, so a model
    with w3 = 0 gives bit-identical scores whatever is in column x3."""
    z = np.full(X.shape[0], spec["b"])
    for j in range(len(FEATURES)):
        if spec["w"][j] != 0.0:
            z = z + spec["w"][j] * X[:, j]
    if spec["c"] != 0.0:
        z = z + spec["c"] * X[:, 0] * X[:, 1]
    if spec["scale"] != 1.0:
        z = spec["scale"] * z
    return np.round(sigmoid(z), decimals)


def perturb(X, perms, perturbation):
    """Column j of every feature in the perturbation is replaced by X[perms[j], j].  Each
    feature has ONE fixed permutation, shared by all models (common random numbers) and by
    the singles and the pairs: the pair a|b applies perm_a to a and perm_b to b."""
    Xp = X.copy()
    for f in perturbation.split("|"):
        j = FEATURES.index(f)
        Xp[:, j] = X[perms[j], j]
    return Xp


def true_labels(rng, X):
    z = TRUE_B + X @ TRUE_W + TRUE_C * X[:, 0] * X[:, 1]
    return (rng.random(X.shape[0]) < sigmoid(z)).astype(int)


def log_loss_mean(scores, labels):
    return fmean(row_losses(np.asarray(scores), np.asarray(labels), "log-loss"))


def write_inputs(rng, case_dir, row_ids, y, X, specs, perturbations, decimals,
                 overrides=None, losses=None, groups=None):
    """Writes predictions.csv, perturbed.csv (+ losses.csv, groups.csv); lines shuffled."""
    n = len(row_ids)
    perms = [rng.permutation(n) for _ in FEATURES]
    pred, pert = [], []
    for m, spec in specs.items():
        s = model_scores(spec, X, decimals)
        for (mm, i), v in (overrides or {}).items():
            if mm == m:
                s[i] = v
        pred += [(int(row_ids[i]), m, float(s[i]), int(y[i])) for i in range(n)]
        for p in perturbations:
            sp = model_scores(spec, perturb(X, perms, p), decimals)
            pert += [(int(row_ids[i]), m, p, float(sp[i])) for i in range(n)]
    write_csv(os.path.join(case_dir, "predictions.csv"), ["row_id", "model_id", "score", "label"],
              [pred[k] for k in rng.permutation(len(pred))])
    write_csv(os.path.join(case_dir, "perturbed.csv"),
              ["row_id", "model_id", "perturbation", "score"],
              [pert[k] for k in rng.permutation(len(pert))])
    if losses is not None:
        write_csv(os.path.join(case_dir, "losses.csv"), ["model_id", "loss"],
                  [(m, losses[m]) for m in specs])
    if groups is not None:
        write_csv(os.path.join(case_dir, "groups.csv"), ["model_id", "group"],
                  [(m, groups[m]) for m in specs])


def selection_losses(rng, specs, decimals, n_sel):
    """Selection losses = log-loss of every model on a separate (held-out) sample."""
    Xs = rng.normal(size=(n_sel, len(FEATURES)))
    ys = true_labels(rng, Xs)
    return {m: log_loss_mean(model_scores(spec, Xs, decimals), ys) for m, spec in specs.items()}


def round_trip_relative(losses, ref):
    """Nudges each loss by a few ulps so that the relative joining epsilon round-trips:
    (1 + (L / L_ref - 1)) * L_ref == L in float64.  Then the set at a model's joining epsilon
    is the same whether it is computed by the bound test or by comparing joining epsilons.
    Equal losses stay equal (the nudge is a function of the value)."""
    Lr = losses[ref]
    nudged = {}
    for L in sorted(set(losses.values())):
        for k in range(200):
            cands = [L] if k == 0 else [L + k * math.ulp(L), L - k * math.ulp(L)]
            ok = [c for c in cands if (1.0 + (c / Lr - 1.0)) * Lr == c]
            if ok:
                nudged[L] = ok[0]
                break
        else:
            raise AssertionError(("no round-tripping loss near", L))
    out = {m: nudged[L] for m, L in losses.items()}
    assert sorted(out, key=lambda m: (out[m], m)) == sorted(losses, key=lambda m: (losses[m], m))
    return out


def assign_groups(rng, model_ids, sizes):
    ids = list(rng.permutation(model_ids))
    out, k = {}, 0
    for g, size in enumerate(sizes):
        for m in ids[k:k + size]:
            out[str(m)] = f"boot{g}"
        k += size
    assert k == len(model_ids)
    return out


def row_ids_for(rng, n):
    return rng.choice(np.arange(1, 10 ** 6 + 1), size=n, replace=False)


SINGLES = ["x0", "x1", "x2", "x3"]


COVERS = {
    "logloss_defaults": "log-loss with no losses file (selection loss = e_orig), reference best, "
                        "absolute inclusive epsilon, no groups file (RID = one group of all models), "
                        "default rid_grid_points 101; m01 ignores x3; m03/m05 lack the x0*x1 term; "
                        "m07 is overconfident (exact 0.0/1.0 scores, clipping at 1e-15 decides its "
                        "perturbed losses)",
    "named_ref_relative_groups": "losses file with ties (m03/m09 are identical models; m06 and m11 are given "
                                 "one loss), named reference m05 = 4th in loss order (members "
                                 "join at negative epsilon), relative epsilon, RID by ratio, groups "
                                 "of 8/3/1 models; m02 ignores x3; MCR/FIS extreme ties m03=m09",
    "strict_exclude": "strict membership and exclude_reference: epsilon 0 gives an empty set "
                      "(and empty RID groups); the reference m04 is best, ignores x3 and still "
                      "appears in the *_ref columns and in RID; groups of 4/3",
    "zero_one": "zero-one loss, no losses file; scores have 2 decimals (exact 0.5 scores, >= "
                "threshold); m00 is perfect (e_orig 0 -> mr_ratio empty) and is the reference; "
                "epsilon 0.125 puts m01 exactly on the bound (inclusive); many value ties",
    "zero_one_relative_named_exclude": "same inputs as zero_one plus groups 4/2; relative "
                                       "epsilon, named reference m01 (3rd), exclude_reference; "
                                       "epsilon 0.2 puts m05 exactly on the bound; m03 joins at "
                                       "-0.8, where recomputing the bound drops it (see README)",
    "relative_strict_missing_single": "relative + strict epsilon, reference best; no single x2 "
                                      "perturbation, so pair x1|x2 gets no FIS and x2 no MR; "
                                      "RID by ratio with groups of 1/2/3/4; m06 ignores x3",
}


def generate(rng):
    """Writes the inputs of every case; returns {case: config} (the job's YAML keys)."""
    cases = {}

    # ---- A: log-loss, no losses file (selection loss = e_orig), no groups, defaults -----
    n, M = 120, 8
    X = rng.normal(size=(n, 4))
    y = true_labels(rng, X)
    specs = make_specs(rng, M, ignore_x3=(1,), additive=(3, 5), overconfident=(7,))
    write_inputs(rng, os.path.join(OUT, "cases", "logloss_defaults"), row_ids_for(rng, n), y, X,
                 specs, SINGLES + ["x0|x1", "x0|x3", "x2|x3"], 6)
    cases["logloss_defaults"] = dict(
        rashomon=dict(epsilon=[0.0, 0.02, 0.05, 0.3], epsilon_mode="absolute", strict=False,
                      reference="best", exclude_reference=False, loss="log-loss",
                      rid_importance="difference", rid_grid_points=101),
        losses=False, groups=False)

    # ---- B: named reference, relative epsilon, loss ties, groups 6/4/2, RID ratio ----------
    n, M = 200, 12
    X = rng.normal(size=(n, 4))
    y = true_labels(rng, X)
    specs = make_specs(rng, M, ignore_x3=(2,), additive=(4, 7, 10))
    specs["m09"] = dict(specs["m03"])      # m09 is an exact copy of m03 (same function)
    losses = selection_losses(rng, specs, 6, 150)
    o = sorted(losses, key=lambda m: (losses[m], m))
    # a deliberate tie in the losses file, on the model right after the 5th in loss order
    losses[o[5]] = losses[o[4]]
    o = sorted(losses, key=lambda m: (losses[m], m))
    ref_b = o[3]                            # named reference: 4th in (loss, model_id) order
    losses = round_trip_relative(losses, ref_b)
    groups = assign_groups(rng, list(specs), [8, 3, 1])
    write_inputs(rng, os.path.join(OUT, "cases", "named_ref_relative_groups"),
                 row_ids_for(rng, n), y, X, specs, SINGLES + ["x0|x1", "x1|x2", "x2|x3"], 6,
                 losses=losses, groups=groups)
    cases["named_ref_relative_groups"] = dict(
        rashomon=dict(epsilon=[0.0, 0.03, 0.08, 0.5], epsilon_mode="relative", strict=False,
                      reference=ref_b, exclude_reference=False, loss="log-loss",
                      rid_importance="ratio", rid_grid_points=21),
        losses=True, groups=True)

    # ---- C: strict + exclude_reference; epsilon 0 gives an empty set; groups 4/3 ----------
    n, M = 80, 7
    X = rng.normal(size=(n, 4))
    y = true_labels(rng, X)
    specs = make_specs(rng, M, ignore_x3=(4,), additive=(2,))
    losses = selection_losses(rng, specs, 6, 150)
    groups = assign_groups(rng, list(specs), [4, 3])
    write_inputs(rng, os.path.join(OUT, "cases", "strict_exclude"), row_ids_for(rng, n), y, X,
                 specs, SINGLES + ["x0|x1", "x1|x3"], 6, losses=losses, groups=groups)
    cases["strict_exclude"] = dict(
        rashomon=dict(epsilon=[0.0, 0.04, 0.15], epsilon_mode="absolute", strict=True,
                      reference="best", exclude_reference=True, loss="log-loss",
                      rid_importance="difference", rid_grid_points=11),
        losses=True, groups=True)

    # ---- D / F: zero-one loss, scores with 2 decimals, a perfect model ---------------------
    n, M = 40, 6
    X = rng.normal(size=(n, 4))
    specs = make_specs(rng, M, ignore_x3=(1,), additive=(4,), noise=0.6)
    specs["m00"] = dict(b=TRUE_B, w=TRUE_W.copy(), c=TRUE_C, scale=1.0)   # ignores x3 too
    s0 = model_scores(specs["m00"], X, 2)
    y = (s0 >= THRESHOLD).astype(int)       # m00 is perfect on these rows: e_orig = 0
    rid = row_ids_for(rng, n)
    # F's groups: the two best models (m00 perfect) share a group; sizes 4 / 2
    groups = {m: ("boot1" if m in ("m00", "m03") else "boot0") for m in specs}
    for name, grp in [("zero_one", None), ("zero_one_relative_named_exclude", groups)]:
        write_inputs(np.random.default_rng(SEED + 1), os.path.join(OUT, "cases", name), rid, y, X,
                     specs, SINGLES + ["x0|x1", "x2|x3"], 2, groups=grp)
    cases["zero_one"] = dict(
        rashomon=dict(epsilon=[0.0, 0.05, 0.125, 0.2], epsilon_mode="absolute", strict=False,
                      reference="best", exclude_reference=False, loss="zero-one",
                      rid_importance="difference", rid_grid_points=24),
        losses=False, groups=False)
    cases["zero_one_relative_named_exclude"] = dict(
        rashomon=dict(epsilon=[0.0, 0.2, 2.0], epsilon_mode="relative", strict=False,
                      reference=None, exclude_reference=True, loss="zero-one",
                      rid_importance="difference", rid_grid_points=24),
        losses=False, groups=True)

    # ---- E: relative + strict, no single x2 (pair x1|x2 has no FIS), groups 1/2/3/4 -------
    n, M = 300, 10
    X = rng.normal(size=(n, 4))
    y = true_labels(rng, X)
    specs = make_specs(rng, M, ignore_x3=(6,), additive=(1, 8))
    losses = selection_losses(rng, specs, 6, 200)
    losses = round_trip_relative(losses, min(losses, key=lambda m: (losses[m], m)))
    groups = assign_groups(rng, list(specs), [1, 2, 3, 4])
    write_inputs(rng, os.path.join(OUT, "cases", "relative_strict_missing_single"),
                 row_ids_for(rng, n), y, X, specs, ["x0", "x1", "x3", "x0|x1", "x1|x2", "x0|x3"], 6,
                 losses=losses, groups=groups)
    cases["relative_strict_missing_single"] = dict(
        rashomon=dict(epsilon=[0.01, 0.05, 0.2], epsilon_mode="relative", strict=True,
                      reference="best", exclude_reference=False, loss="log-loss",
                      rid_importance="ratio", rid_grid_points=5),
        losses=True, groups=True)
    return cases


# --------------------------------------------------------------------------------------
# part 2: the oracle (works only from the CSV files)
# --------------------------------------------------------------------------------------
def row_losses(scores, labels, loss):
    scores = np.asarray(scores, dtype=float)
    labels = np.asarray(labels)
    if loss == "log-loss":
        # clip s, then the probability of class 0 is 1 - clipped s (scikit-learn binary)
        s = np.clip(scores, CLIP, 1.0 - CLIP)
        return np.where(labels == 1, -np.log(s), -np.log(1.0 - s))
    assert loss == "zero-one"
    return ((scores >= THRESHOLD).astype(int) != labels).astype(float)


class Pool:
    def __init__(self, case_dir, opts, has_losses, has_groups):
        self.opts = opts
        pred = read_csv(os.path.join(case_dir, "predictions.csv"))
        pert = read_csv(os.path.join(case_dir, "perturbed.csv"))
        self.model_ids = sorted(pred["model_id"].unique())
        self.row_ids = sorted(pred["row_id"].unique())
        n, M = len(self.row_ids), len(self.model_ids)
        # every model scores every row once; one label per row
        assert len(pred) == n * M and not pred.duplicated(["row_id", "model_id"]).any()
        labels = pred.groupby("row_id")["label"].agg(lambda v: sorted(set(v)))
        assert all(len(v) == 1 for v in labels)
        self.label = {r: v[0] for r, v in labels.items()}
        # every (model, perturbation) covers every row once
        self.perturbations = sorted(pert["perturbation"].unique())
        assert len(pert) == n * M * len(self.perturbations)
        assert not pert.duplicated(["row_id", "model_id", "perturbation"]).any()
        assert set(pert["model_id"]) == set(self.model_ids) and set(pert["row_id"]) == set(self.row_ids)
        pert = pert.assign(label=pert["row_id"].map(self.label))
        self.pred, self.pert = pred, pert

        loss = opts["loss"]
        pred = pred.assign(l=row_losses(pred["score"], pred["label"], loss))
        pert = pert.assign(l=row_losses(pert["score"], pert["label"], loss))
        self.e_orig = pred.groupby("model_id")["l"].agg(fmean).to_dict()
        self.e_p = pert.groupby(["model_id", "perturbation"])["l"].agg(fmean).to_dict()

        if has_losses:
            lf = read_csv(os.path.join(case_dir, "losses.csv"))
            self.sel = dict(zip(lf["model_id"], lf["loss"].astype(float)))
            assert sorted(self.sel) == self.model_ids
        else:
            self.sel = dict(self.e_orig)
        if has_groups:
            gf = read_csv(os.path.join(case_dir, "groups.csv"))
            self.group_of = dict(zip(gf["model_id"], gf["group"].astype(str)))
            assert sorted(self.group_of) == self.model_ids
        else:
            self.group_of = None

        self.singles = [p for p in self.perturbations if "|" not in p]
        self.pairs = [p for p in self.perturbations if "|" in p
                      and all(f in self.singles for f in p.split("|"))]
        self.skipped_pairs = [p for p in self.perturbations if "|" in p and p not in self.pairs]

        # decision vectors over rows (sorted by row_id), for the patterns
        wide = self.pred.pivot(index="model_id", columns="row_id", values="score")
        self.decision = {m: tuple((wide.loc[m, self.row_ids].to_numpy() >= THRESHOLD).astype(int))
                         for m in self.model_ids}

    # ---- Rashomon set ------------------------------------------------------------------
    def order(self, models=None):
        models = self.model_ids if models is None else models
        return sorted(models, key=lambda m: (self.sel[m], m))

    def reference(self):
        r = self.opts["reference"]
        return self.order()[0] if r == "best" else r

    def bound(self, L_ref, eps):
        return L_ref + eps if self.opts["epsilon_mode"] == "absolute" else (1.0 + eps) * L_ref

    def inside(self, L, bound):
        return L < bound if self.opts["strict"] else L <= bound

    def members(self):
        ref = self.reference()
        return [m for m in self.order() if not (self.opts["exclude_reference"] and m == ref)]

    def rashomon_set(self, eps, check=True):
        ref = self.reference()
        bound = self.bound(self.sel[ref], eps)
        if check:
            for m, L in self.sel.items():
                assert L == bound or abs(L - bound) > 1e-9, ("fragile membership", m, L, bound)
        return [m for m in self.members() if self.inside(self.sel[m], bound)]

    def joins_at(self, m):
        L_ref = self.sel[self.reference()]
        if self.opts["epsilon_mode"] == "absolute":
            return self.sel[m] - L_ref
        assert L_ref > 0
        return self.sel[m] / L_ref - 1.0

    # ---- model reliance ------------------------------------------------------------------
    def mr(self, m, f):
        e0, ep = self.e_orig[m], self.e_p[(m, f)]
        return (ep / e0 if e0 != 0 else None), ep - e0

    def phi(self, m, p):
        return self.e_p[(m, p)] - self.e_orig[m]

    def fis(self, m, pair):
        a, b = pair.split("|")
        pa, pb, pab = self.phi(m, a), self.phi(m, b), self.phi(m, pair)
        return dict(model_id=m, pair=pair, feature_a=a, feature_b=b, phi_a=pa, phi_b=pb,
                    phi_ab=pab, fis=pab - pa - pb)


def extremes(items):
    """items: (model, value) in loss order, values not None.  Ties go to the earlier one."""
    lo = hi = None
    for m, v in items:
        if lo is None or v < lo[1]:
            lo = (m, v)
        if hi is None or v > hi[1]:
            hi = (m, v)
    return lo, hi


FACTS = {}  # case -> input_facts()
TIES = []   # (case, table, epsilon, key, column, models attaining the extreme)


def note_ties(case, table, eps, key, col, items, ext):
    tied = [m for m, v in items if v == ext[1]]
    if len(tied) > 1:
        TIES.append((case, table, eps, key, col, tied))


def model_reliance_table(pool):
    rows = []
    for m in pool.order():
        for f in pool.singles:
            ratio, diff = pool.mr(m, f)
            rows.append(dict(model_id=m, selection_loss=pool.sel[m], joins_at_epsilon=pool.joins_at(m),
                             feature=f, loss_original=pool.e_orig[m],
                             loss_perturbed=pool.e_p[(m, f)], mr_ratio=ratio, mr_diff=diff))
    return rows


def mcr_table(case, pool):
    ref = pool.reference()
    rows = []
    for eps in pool.opts["epsilon"]:
        S = pool.rashomon_set(eps)
        for f in pool.singles:
            rr, rd = pool.mr(ref, f)
            r = dict(epsilon=eps, set_size=len(S), feature=f, mr_ratio_ref=rr, mr_diff_ref=rd)
            ratios = [(m, pool.mr(m, f)[0]) for m in S if pool.mr(m, f)[0] is not None]
            diffs = [(m, pool.mr(m, f)[1]) for m in S]
            if ratios:
                lo, hi = extremes(ratios)
                r.update(mcr_minus_ratio=lo[1], mcr_plus_ratio=hi[1],
                         mean_ratio=fmean(v for _, v in ratios),
                         argmin_model=lo[0], argmax_model=hi[0])
                note_ties(case, "mcr", eps, f, "ratio_min", ratios, lo)
                note_ties(case, "mcr", eps, f, "ratio_max", ratios, hi)
            if diffs:
                lo, hi = extremes(diffs)
                r.update(mcr_minus_diff=lo[1], mcr_plus_diff=hi[1],
                         mean_diff=fmean(v for _, v in diffs),
                         argmin_model_diff=lo[0], argmax_model_diff=hi[0])
                note_ties(case, "mcr", eps, f, "diff_min", diffs, lo)
                note_ties(case, "mcr", eps, f, "diff_max", diffs, hi)
            rows.append(r)
    return rows


def fis_table(pool):
    return [pool.fis(m, p) for m in pool.order() for p in pool.pairs]


def fis_cloud_table(case, pool):
    ref = pool.reference()
    rows = []
    for eps in pool.opts["epsilon"]:
        S = pool.rashomon_set(eps)
        for p in pool.pairs:
            r = dict(source="pool", epsilon=eps, set_size=len(S), pair=p, ref=pool.fis(ref, p)["fis"])
            vals = [(m, pool.fis(m, p)["fis"]) for m in S]
            if vals:
                lo, hi = extremes(vals)
                r.update(min=lo[1], max=hi[1], mean=fmean(v for _, v in vals),
                         sign_change=(lo[1] < 0 and hi[1] > 0), argmin_model=lo[0], argmax_model=hi[0])
                note_ties(case, "fis_cloud", eps, p, "min", vals, lo)
                note_ties(case, "fis_cloud", eps, p, "max", vals, hi)
            rows.append(r)
    return rows


CURVE_NOTES = []   # joining-epsilon rows where the bound test would give another set


def curve_table(case, pool):
    """Configured epsilons use the bound test.  A joining epsilon (a member's loss - L_ref, or
    loss / L_ref - 1) uses the joining epsilons themselves: the set is the members whose
    joining epsilon is <= it (< when strict), so the joining model is in its own row unless
    strict.  Recomputing the bound from a joining epsilon can lose the model to rounding
    (recorded in CURVE_NOTES)."""
    configured = list(pool.opts["epsilon"])
    strict = pool.opts["strict"]
    join = {m: pool.joins_at(m) for m in pool.members()}
    eps_all = sorted(set(configured) | set(join.values()))
    pool_patterns = len({pool.decision[m] for m in pool.model_ids})
    rows = []
    for eps in eps_all:
        by_join = [m for m in pool.members() if (join[m] < eps if strict else join[m] <= eps)]
        if eps in configured:
            S = pool.rashomon_set(eps)
            assert S == by_join, (case, eps, S, by_join)
        else:
            S = by_join
            by_bound = pool.rashomon_set(eps, check=False)
            if by_bound != S:
                CURVE_NOTES.append((case, eps, len(S), len(by_bound),
                                    sorted(set(S) ^ set(by_bound))))
        k = len({pool.decision[m] for m in S})
        rows.append(dict(epsilon=eps, configured=eps in configured, set_size=len(S),
                         pool_size=len(pool.model_ids), rashomon_ratio=len(S) / len(pool.model_ids),
                         pattern_count=k, pool_pattern_count=pool_patterns,
                         pattern_rashomon_ratio=k / pool_patterns))
    return rows


# ---- RID ------------------------------------------------------------------------------
def rid_group_sets(pool, eps):
    """Per bootstrap group (sorted by name): its models within eps of the group's best."""
    if pool.group_of is None:
        groups = {"all": list(pool.model_ids)}
    else:
        groups = {}
        for m, g in pool.group_of.items():
            groups.setdefault(g, []).append(m)
    out = []
    for g in sorted(groups):
        order = pool.order(groups[g])
        bound = pool.bound(pool.sel[order[0]], eps)     # always the group's best
        for m in order:
            L = pool.sel[m]
            assert L == bound or abs(L - bound) > 1e-9, ("fragile RID membership", m, L, bound)
        out.append((g, [m for m in order if pool.inside(pool.sel[m], bound)]))
    return out


def importance(pool, m, f):
    ratio, diff = pool.mr(m, f)
    if pool.opts["rid_importance"] == "ratio":
        assert ratio is not None, "undefined ratio in a RID mixture is not covered by these cases"
        return ratio
    return diff


class Mixture:
    """Exact mixture: value -> Fraction weight; each non-empty group 1/B, each member 1/|R_g|."""

    def __init__(self, group_values):
        self.B = len(group_values)
        self.w = {}
        for vals in group_values:
            for v in vals:
                self.w[v] = self.w.get(v, Fraction(0)) + Fraction(1, self.B * len(vals))
        self.support = sorted(self.w)
        assert sum(self.w.values()) == 1

    def cdf_exact(self, x):
        return sum((w for v, w in self.w.items() if v <= x), Fraction(0))

    def cdf(self, x):
        return float(self.cdf_exact(x))

    def mean(self):
        return float(sum((w * Fraction(v) for v, w in self.w.items()), Fraction(0)))

    def quantile(self, q):
        for v in self.support:
            c = self.cdf_exact(v)
            # robust test data: an exact CDF is either >= q or clearly below q - 1e-12
            assert c >= Fraction(q) or c < Fraction(q) - Fraction(1, 10 ** 9), (q, v, c)
            if float(c) >= q - QUANTILE_TOL:
                return v
        raise AssertionError("no quantile")


def rid_code_variant(group_values):
    """Transcription of the RID code (see README.md for the quoted lines).

    vi_utils.py::get_model_reliances: per Rashomon set, for val in np.unique(mrs):
        p[val] = mrs[mrs == val].shape[-1] / num_models
    rashomon_importance_distribution.py::_read_vis_to_construct_rid: per value, the list of the
        per-set probabilities; prob = sum(p) / n_bootstraps; count = (prob / prob.min()).round()
    _get_df_with_counts: np.repeat(values, counts); median(): np.median; bwr(): np.quantile
        0.25 / 0.75, (lower_q - 1.5*iqr, upper_q + 1.5*iqr).
    Adaptations: a "bootstrap" is a non-empty group (the RID code cannot have an empty set);
    the groups are taken in sorted order of their names (the code's bootstrap index order).
    """
    combined = {}
    n_bootstraps = 0
    for vals in group_values:
        mrs = np.array(vals, dtype=float)
        num_models = mrs.shape[0]
        per_set = {}
        for val in np.unique(mrs):
            per_set[val] = mrs[mrs == val].shape[-1] / num_models
        for key in per_set:
            if key in combined:
                combined[key].append(per_set[key])
            else:
                combined[key] = [per_set[key]]
        n_bootstraps += 1
    df = pd.DataFrame()
    df["val"] = list(combined.keys())
    df["prob"] = [sum(p) / n_bootstraps for p in combined.values()]
    ratio = df["prob"] / df["prob"].min()
    # the rounding must not be a coin flip: no ratio near k + 0.5
    assert all(abs(r - math.floor(r) - 0.5) > 1e-6 for r in ratio), list(ratio)
    df["count"] = ratio.round().astype(int)
    arr = np.repeat(df["val"].values, df["count"].values)
    median = np.median(arr)
    lower_q = np.quantile(arr, 0.25)
    upper_q = np.quantile(arr, 0.75)
    iqr = upper_q - lower_q
    return dict(median_rid_code=float(median), q25_rid_code=float(lower_q),
                q75_rid_code=float(upper_q), bwr_low_rid_code=float(lower_q - 1.5 * iqr),
                bwr_high_rid_code=float(upper_q + 1.5 * iqr)), df


RID_DETAILS = {}


def rid_table(case, pool):
    rows = []
    K = pool.opts["rid_grid_points"]
    for eps in pool.opts["epsilon"]:
        sets = [(g, S) for g, S in rid_group_sets(pool, eps) if S]
        for f in pool.singles:
            r = dict(epsilon=eps, feature=f, groups=len(sets), models=sum(len(S) for _, S in sets))
            if sets:
                gv = [[importance(pool, m, f) for m in S] for _, S in sets]
                mix = Mixture(gv)
                q25, med, q75 = mix.quantile(0.25), mix.quantile(0.5), mix.quantile(0.75)
                iqr = q75 - q25
                vmin, vmax = mix.support[0], mix.support[-1]
                grid = np.linspace(vmin, vmax, K)
                # robust test data: no mixture value on or near an interior grid point, so the
                # CDF does not depend on how the grid points are rounded
                for g in (grid[1:-1] if vmax > vmin else []):
                    assert all(abs(v - g) > 1e-9 * max(1.0, abs(g)) for v in mix.support), (case, eps, f, g)
                r.update(mean=mix.mean(), median=med, q25=q25, q75=q75,
                         bwr_low=q25 - 1.5 * iqr, bwr_high=q75 + 1.5 * iqr,
                         # "positive" importance: MR_diff > 0, or MR_ratio > 1 (the feature helps the model)
                         prob_positive=float(1 - mix.cdf_exact(1.0 if pool.opts["rid_importance"] == "ratio" else 0.0)),
                         cdf_grid=[float(g) for g in grid], cdf=[mix.cdf(float(g)) for g in grid])
                try:
                    code, df = rid_code_variant(gv)
                except AssertionError:
                    print("RID-code rounding tie:", case, eps, f, [(g, len(S)) for g, S in sets])
                    raise
                r.update(code)
                RID_DETAILS[(case, eps, f)] = (sets, mix, df)
            rows.append(r)
    return rows


# --------------------------------------------------------------------------------------
# checks of the oracle itself
# --------------------------------------------------------------------------------------
def wide_scores(df, m, rows, perturbation=None):
    d = df[df["model_id"] == m]
    if perturbation is not None:
        d = d[d["perturbation"] == perturbation]
    return d.set_index("row_id").loc[rows, "score"].to_numpy()


def check_case(name, pool, tables):
    opts = pool.opts
    ref = pool.reference()
    eps_list = list(opts["epsilon"])
    assert eps_list == sorted(eps_list)

    # --- ignored feature x3: a model whose x3-perturbed scores equal its original ones ----
    rows = pool.row_ids
    ignoring = [m for m in pool.model_ids
                if np.array_equal(wide_scores(pool.pert, m, rows, "x3"), wide_scores(pool.pred, m, rows))]
    assert ignoring, name
    for m in ignoring:
        ratio, diff = pool.mr(m, "x3")
        assert diff == 0.0 and (ratio == 1.0 or pool.e_orig[m] == 0.0), (name, m)
        for p in pool.perturbations:
            if "|" in p and "x3" in p.split("|"):
                other = [f for f in p.split("|") if f != "x3"][0]
                assert np.array_equal(wide_scores(pool.pert, m, rows, p),
                                      wide_scores(pool.pert, m, rows, other)), (name, m, p)
                if p in pool.pairs:
                    row = pool.fis(m, p)
                    assert row["fis"] == 0.0 and row["phi_b" if row["feature_b"] == "x3" else "phi_a"] == 0.0
    # the other models do read x3
    assert any(pool.mr(m, "x3")[1] != 0.0 for m in pool.model_ids if m not in ignoring)

    # --- a second, plain-numpy computation of e_orig and e_p (wide arrays, np.mean) -----------
    y = np.array([pool.label[r] for r in rows])
    for m in pool.model_ids:
        e0 = np.mean(row_losses(wide_scores(pool.pred, m, rows), y, opts["loss"]))
        assert abs(e0 - pool.e_orig[m]) <= 1e-13, (name, m)
        for p in pool.perturbations:
            ep = np.mean(row_losses(wide_scores(pool.pert, m, rows, p), y, opts["loss"]))
            assert abs(ep - pool.e_p[(m, p)]) <= 1e-13, (name, m, p)

    # --- sets: prefixes of the member order, nested, sizes monotone in epsilon --------------
    sets = {e: pool.rashomon_set(e) for e in eps_list}
    members = pool.members()
    for e in eps_list:
        assert sets[e] == members[:len(sets[e])]
        if opts["exclude_reference"]:
            assert ref not in sets[e]
    for a, b in zip(eps_list, eps_list[1:]):
        assert len(sets[a]) <= len(sets[b]) and set(sets[a]) <= set(sets[b])
    curve = tables["rashomon_curve"]
    for a, b in zip(curve, curve[1:]):
        assert a["epsilon"] < b["epsilon"] and a["set_size"] <= b["set_size"]
        assert a["pattern_count"] <= b["pattern_count"]
    for r in curve:
        assert r["pattern_count"] <= r["set_size"] and r["pool_pattern_count"] <= r["pool_size"]
        if r["configured"]:
            assert r["set_size"] == len(sets[r["epsilon"]])
    assert sum(r["configured"] for r in curve) == len(eps_list)

    # --- MR table facts -------------------------------------------------------------------
    for r in tables["model_reliance"]:
        assert r["mr_diff"] == r["loss_perturbed"] - r["loss_original"]
        if r["mr_ratio"] is None:
            assert r["loss_original"] == 0.0

    # --- MCR- <= ref <= MCR+ when the reference is a member; min <= mean <= max -------------
    for r in tables["mcr"]:
        if r["set_size"] == 0:
            assert r.get("mcr_minus_diff") is None
            continue
        assert r["mcr_minus_diff"] <= r["mean_diff"] + 1e-15 and r["mean_diff"] <= r["mcr_plus_diff"] + 1e-15
        if r.get("mcr_minus_ratio") is not None:
            assert r["mcr_minus_ratio"] <= r["mean_ratio"] + 1e-15 <= r["mcr_plus_ratio"] + 2e-15
        if ref in sets[r["epsilon"]]:
            assert r["mcr_minus_diff"] <= r["mr_diff_ref"] <= r["mcr_plus_diff"]
            if r["mr_ratio_ref"] is not None:
                assert r["mcr_minus_ratio"] <= r["mr_ratio_ref"] <= r["mcr_plus_ratio"]
    # MCR ranges widen with epsilon
    by = {(r["epsilon"], r["feature"]): r for r in tables["mcr"]}
    for f in pool.singles:
        for a, b in zip(eps_list, eps_list[1:]):
            ra, rb = by[(a, f)], by[(b, f)]
            if ra["set_size"] and ra.get("mcr_minus_ratio") is not None:
                assert rb["mcr_minus_ratio"] <= ra["mcr_minus_ratio"] <= ra["mcr_plus_ratio"] <= rb["mcr_plus_ratio"]
            if ra["set_size"]:
                assert rb["mcr_minus_diff"] <= ra["mcr_minus_diff"] <= ra["mcr_plus_diff"] <= rb["mcr_plus_diff"]

    # --- FIS -----------------------------------------------------------------------------
    # the planted x0*x1 interaction: |FIS| of x0|x1 dominates the other pairs on average
    mean_abs = {p: fmean(abs(r["fis"]) for r in tables["fis"] if r["pair"] == p) for p in pool.pairs}
    assert all(mean_abs["x0|x1"] > 2 * v for p, v in mean_abs.items() if p != "x0|x1"), (name, mean_abs)
    for r in tables["fis"]:
        assert r["fis"] == r["phi_ab"] - r["phi_a"] - r["phi_b"]
    for r in tables["fis_cloud"]:
        if r["set_size"] == 0:
            assert r.get("min") is None and r.get("sign_change") is None
            continue
        assert r["min"] <= r["mean"] + 1e-15 and r["mean"] <= r["max"] + 1e-15
        assert r["sign_change"] == (r["min"] < 0 < r["max"])
        if ref in sets[r["epsilon"]]:
            assert r["min"] <= r["ref"] <= r["max"]

    # --- RID -----------------------------------------------------------------------------
    for r in tables["rid"]:
        if r["groups"] == 0:
            assert r["models"] == 0 and r.get("mean") is None
            continue
        sets_, mix, _ = RID_DETAILS[(name, r["epsilon"], r["feature"])]
        assert r["cdf_grid"][0] == mix.support[0] and r["cdf_grid"][-1] == mix.support[-1]
        assert r["cdf"][-1] == 1.0 and all(a <= b for a, b in zip(r["cdf"], r["cdf"][1:]))
        assert len(r["cdf_grid"]) == opts["rid_grid_points"]
        assert r["q25"] <= r["median"] <= r["q75"] and r["bwr_low"] <= r["q25"]
        assert r["q75"] <= r["bwr_high"]
        assert mix.support[0] <= r["mean"] <= mix.support[-1]
        assert r["q25_rid_code"] <= r["median_rid_code"] <= r["q75_rid_code"]
        # a quantile is a value of the mixture; its CDF reaches q, the CDF just below it not
        for q, key in [(0.25, "q25"), (0.5, "median"), (0.75, "q75")]:
            v = r[key]
            assert v in mix.w and mix.cdf_exact(v) >= Fraction(q)
            below = [u for u in mix.support if u < v]
            assert not below or mix.cdf_exact(below[-1]) < Fraction(q)
        # one group whose best is the reference (not excluded): the mixture is uniform on the set
        if pool.group_of is None and opts["reference"] == "best" and not opts["exclude_reference"]:
            S = sets[r["epsilon"]]
            assert [m for m in sets_[0][1]] == S
            assert abs(r["mean"] - fmean(importance(pool, m, r["feature"]) for m in S)) <= 1e-15
        # the mixture weights of a group add up to 1/B
        for g, S in sets_:
            assert len(S) >= 1 and S[0] == pool.order([m for m in pool.model_ids
                                                     if pool.group_of is None or pool.group_of[m] == g])[0]


def check_rid_code_by_hand():
    """Two hand-worked mixtures.  (1) groups {1.0, 2.0} and {3.0}: weights 1/4, 1/4, 1/2.
    Exact: CDF(1) = 1/4, CDF(2) = 1/2, CDF(3) = 1 -> q25 = 1, median = 2, q75 = 3, mean = 2.25.
    RID code: counts round(p / p_min) = 1, 1, 2 -> [1, 2, 3, 3] -> np.quantile: 1.75, 2.5, 3.0.
    (2) groups of 4 and 3 distinct values: weights 1/8 and 1/6, p / p_min = 1.33 -> count 1, so
    the RID code weighs all 7 values equally (its rounding, not the mixture)."""
    mix = Mixture([[1.0, 2.0], [3.0]])
    assert (mix.quantile(0.25), mix.quantile(0.5), mix.quantile(0.75), mix.mean()) == (1.0, 2.0, 3.0, 2.25)
    assert float(1 - mix.cdf_exact(0.0)) == 1.0 and mix.cdf(1.5) == 0.25
    code, _ = rid_code_variant([[1.0, 2.0], [3.0]])
    assert (code["q25_rid_code"], code["median_rid_code"], code["q75_rid_code"]) == (1.75, 2.5, 3.0)
    assert (code["bwr_low_rid_code"], code["bwr_high_rid_code"]) == (1.75 - 1.5 * 1.25, 3.0 + 1.5 * 1.25)
    code, df = rid_code_variant([[1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.0]])
    assert list(df["count"]) == [1] * 7 and code["median_rid_code"] == 4.0
    mix = Mixture([[1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.0]])
    assert mix.quantile(0.5) == 4.0 and mix.cdf(4.0) == 0.5 and mix.quantile(0.75) == 6.0
    # (3) the same value in two groups is merged (one key, probabilities summed)
    code, df = rid_code_variant([[1.0, 2.0], [2.0, 2.0, 3.0, 5.0]])
    assert sorted(zip(df["val"], df["count"])) == [(1.0, 2), (2.0, 4), (3.0, 1), (5.0, 1)]


def input_facts(name, pool):
    """Edge cases present in a case's inputs (asserted over the collection in main())."""
    pred = pool.pred
    f = {}
    for key, d in [("pred", pred), ("pert", pool.pert)]:
        certain = (d["score"] == 0.0) | (d["score"] == 1.0)
        wrong = ((d["score"] == 0.0) & (d["label"] == 1)) | ((d["score"] == 1.0) & (d["label"] == 0))
        f[f"exact_0_or_1_{key}"] = int(certain.sum())
        f[f"exact_0_or_1_wrong_{key}"] = int(wrong.sum())
    f["scores_exactly_0.5"] = int((pred["score"] == THRESHOLD).sum() + (pool.pert["score"] == THRESHOLD).sum())
    vals = list(pool.sel.values())
    f["loss_ties"] = len(vals) - len(set(vals))
    if pool.group_of is not None:
        f["group_sizes"] = sorted(pd.Series(pool.group_of).value_counts().tolist())
    f["zero_e_orig"] = [m for m in pool.model_ids if pool.e_orig[m] == 0.0]
    wide = pred.pivot(index="model_id", columns="row_id", values="score")
    f["identical_models"] = [(a, b) for i, a in enumerate(pool.model_ids) for b in pool.model_ids[i + 1:]
                             if wide.loc[a].equals(wide.loc[b])]
    return f


# --------------------------------------------------------------------------------------
# main
# --------------------------------------------------------------------------------------
def main():
    check_rid_code_by_hand()
    rng = np.random.default_rng(SEED)
    shutil.rmtree(os.path.join(OUT, "cases"), ignore_errors=True)
    cases = generate(rng)

    meta = {}
    for name, c in cases.items():
        case_dir = os.path.join(OUT, "cases", name)
        opts = dict(c["rashomon"])
        pool = Pool(case_dir, opts, c["losses"], c["groups"])
        if opts["reference"] is None:            # F: the 3rd model in loss order, by name
            opts["reference"] = pool.order()[2]
            pool.opts = opts
        tables = {
            "model_reliance": model_reliance_table(pool),
            "mcr": mcr_table(name, pool),
            "fis": fis_table(pool),
            "fis_cloud": fis_cloud_table(name, pool),
            "rashomon_curve": curve_table(name, pool),
            "rid": rid_table(name, pool),
        }
        for t in TABLES:
            write_csv(os.path.join(case_dir, "expected", f"{t}.csv"), HEADERS[t], tables[t])
        check_case(name, pool, tables)
        FACTS[name] = input_facts(name, pool)

        inputs = {"predictions": f"cases/{name}/predictions.csv",
                  "perturbed": f"cases/{name}/perturbed.csv",
                  "losses": f"cases/{name}/losses.csv" if c["losses"] else None,
                  "groups": f"cases/{name}/groups.csv" if c["groups"] else None}
        meta[name] = {
            "covers": COVERS[name],
            "inputs": inputs,
            "rashomon": opts,
            "expected": {t: f"cases/{name}/expected/{t}.csv" for t in TABLES},
            "n_rows": len(pool.row_ids),
            "pool_size": len(pool.model_ids),
            "reference_model": pool.reference(),
            "loss_order": pool.order(),
            "sets": {repr(e): pool.rashomon_set(e) for e in opts["epsilon"]},
            "single_perturbations": pool.singles,
            "fis_pairs": pool.pairs,
            "pairs_without_both_singles": pool.skipped_pairs,
        }
        if pool.group_of is not None:
            meta[name]["rid_group_sets"] = {repr(e): {g: S for g, S in rid_group_sets(pool, e)}
                                            for e in opts["epsilon"]}
        print(f"{name}: n={len(pool.row_ids)} M={len(pool.model_ids)} ref={pool.reference()} "
              f"order={pool.order()}")
        print("   losses:", {m: round(pool.sel[m], 5) for m in pool.order()})
        for e in opts["epsilon"]:
            rg = {g: len(S) for g, S in rid_group_sets(pool, e)}
            print(f"   eps={e!r}: set={pool.rashomon_set(e)}  rid groups={rg}")
    with open(os.path.join(OUT, "cases.json"), "w") as f:
        json.dump(meta, f, indent=2)
        f.write("\n")

    # ---- properties of the whole collection ---------------------------------------------
    print("input facts:")
    for name, f in FACTS.items():
        print("   ", name, f)
    F = FACTS
    assert F["logloss_defaults"]["exact_0_or_1_pred"] > 0               # clipping at 1e-15 matters
    assert F["logloss_defaults"]["exact_0_or_1_wrong_pert"] > 0
    assert F["zero_one"]["scores_exactly_0.5"] > 0                      # threshold ties (>=)
    assert F["zero_one"]["zero_e_orig"] == ["m00"]                      # undefined mr_ratio
    assert F["named_ref_relative_groups"]["loss_ties"] >= 2             # m03/m09 + a planted tie
    assert ("m03", "m09") in F["named_ref_relative_groups"]["identical_models"]
    for c in ["named_ref_relative_groups", "strict_exclude", "zero_one_relative_named_exclude",
              "relative_strict_missing_single"]:
        assert len(set(F[c]["group_sizes"])) > 1, c                     # unequal group sizes
    # ties of min / max inside MCR and FIS clouds where loss order and model-id order disagree
    print("curve rows where recomputing the bound from the joining epsilon changes the set:")
    for t in CURVE_NOTES:
        print("   ", t)
    print("extreme-value ties (case, table, eps, key, column, tied models in loss order):")
    for t in TIES:
        print("   ", t)
    assert any(t[5] != sorted(t[5]) for t in TIES), "no tie where loss order != id order"
    # the RID-code variant differs from the exact mixture somewhere (the data discriminates)
    diff_rows = 0
    for name in cases:
        with open(os.path.join(OUT, "cases", name, "expected", "rid.csv")) as f:
            for r in csv.DictReader(f):
                if r["median"] and any(float(r[k]) != float(r[k + "_rid_code"])
                                       for k in ["median", "q25", "q75"]):
                    diff_rows += 1
    print("rid rows where the RID-code quartiles differ from the exact ones:", diff_rows)
    assert diff_rows > 0
    print("all checks passed")


if __name__ == "__main__":
    main()
