"""Transcription of the FISC greedy boundary search, run on closed-form losses.

Source: Sichao-Li/generalized_rashomon_set, src/generalized_rashomon_set/explainers/_explainer.py,
fis_explainer._greedy_search at commit eb867e63105d39f404099b46e086489b878fffd6 (v0.1.5). The loop
structure, the strict `<`, the learning rate (0.1 anew at every level, x0.1 per rejection), the
`count <= 4` rule and the cumulative `loss_count > 100` rule are kept line for line. Changed:
  * `self.model.predict(X0)` + `loss_func` (X0 = X with column vidx times the candidate) is replaced by
    `loss_of(vidx, candidate)`, a closed-form loss of the candidate multiplier;
  * the per-step `feature_effect` call (30 random shuffles) is dropped: it feeds only the returned
    `fis_all`, never the multipliers;
  * lr0, shrinks and max_unchanged are parameters (FISC: 0.1, 4, 100) and the steps are counted.
Run: python3 greedy_search.py > greedy_search_expected.json
"""
import json
import math

import numpy as np

LOSSES = {
    # d = m - 1; every loss is 0.5 at m = 1 (the reference).
    "bowl": lambda d: 0.5 + 0.2 * d * d,
    "tilted": lambda d: 0.5 + 0.3 * d * d - 0.02 * d,
    "ignored": lambda d: 0.5,
    "plateau": lambda d: 0.5 if abs(d) < 0.35 else 0.5 + 0.4 * (abs(d) - 0.35),
    "stairs": lambda d: 0.5 + math.floor(abs(d) * 20) / 400,
    "steep": lambda d: 0.5 + 3.0 * d * d * d * d + 0.5 * abs(d),
    "lopsided": lambda d: 0.5 + 0.05 * d if d > 0 else 0.5 + 0.8 * d * d,
}


def greedy_search(loss_of, vidx, bound, loss_ref, delta=0.1, direction=True, lr0=0.1, shrinks=4, max_unchanged=100):
    m_all = []
    loss_temp = 0
    loss_count = 0
    unimportant = False
    steps = 0
    m = 1
    for i in np.arange(0, 1 + 0.1, delta):
        count = 1
        lr = lr0
        while count <= shrinks:
            if direction:
                loss_m = loss_of(vidx, m + lr)
            if not direction:
                loss_m = loss_of(vidx, m - lr)
            steps += 1
            mydiff = loss_m - loss_ref
            if mydiff < i * bound:
                if direction:
                    m = m + lr
                if not direction:
                    m = m - lr
                if loss_temp == loss_m:
                    loss_count = loss_count + 1
                    if loss_count > max_unchanged:
                        unimportant = True
                        break
                else:
                    loss_temp = loss_m
            else:
                lr = lr * 0.1
                count = count + 1
        m_all.append(m)
    return m_all, unimportant, steps


def run(name, losses, delta=0.1, epsilon_rate=0.1, lr0=0.1, shrinks=4, max_unchanged=100):
    def loss_of(vidx, m):
        return LOSSES[losses[vidx]](m - 1.0)

    loss_ref = loss_of(0, 1.0)
    bound = loss_ref * epsilon_rate
    multipliers, unimportant, steps = [], [], 0
    for vidx in range(len(losses)):
        plus, u_plus, s_plus = greedy_search(loss_of, vidx, bound, loss_ref, delta, True, lr0, shrinks, max_unchanged)
        minus, u_minus, s_minus = greedy_search(loss_of, vidx, bound, loss_ref, delta, False, lr0, shrinks, max_unchanged)
        multipliers.append([plus, minus])
        unimportant.append([u_plus, u_minus])
        steps += s_plus + s_minus
    return {"name": name, "losses": losses, "delta": delta, "epsilon_rate": epsilon_rate, "learning_rate": lr0,
            "shrinks": shrinks, "max_unchanged_steps": max_unchanged, "multipliers": multipliers,
            "unimportant": unimportant, "steps": steps}


if __name__ == "__main__":
    all_losses = list(LOSSES)
    cases = [
        run("fisc_defaults", all_losses),
        run("wider_epsilon", all_losses, epsilon_rate=0.3),
        run("delta_0.2", ["bowl", "tilted", "stairs", "lopsided"], delta=0.2),
        run("delta_0.25", ["steep", "plateau", "ignored"], delta=0.25),
        run("other_steps", ["bowl", "ignored", "stairs", "lopsided"], lr0=0.25, shrinks=3, max_unchanged=20),
    ]
    print(json.dumps({"source": "greedy_search.py", "cases": cases}, indent=1))
