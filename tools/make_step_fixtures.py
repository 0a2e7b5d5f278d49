#!/usr/bin/python3
"""Records what PyTorch computes in a training step, for the step tests of TorchTraining.

Run with Debian's python3-torch 1.13 (under a second):
    /usr/bin/python3 tools/make_step_fixtures.py
Writes tests/TorchTraining.Tests/Fixtures/step.json with:

  cross_entropy   logits [6, 5] and targets (written out, not regenerated), and the mean loss of
                  nn.CrossEntropyLoss(label_smoothing=s) for several s.
  optimizers      two parameters (a weight [3, 4] and a bias [4]) with written-out initial values, a sequence of
                  written-out gradients and learning rates (one per step, as a schedule sets them), the groups the
                  trainer builds (the weight with weight decay, the bias without) and, for SGD with Nesterov momentum
                  and for AdamW, both parameters after every step. The gradient reaches the parameters through
                  backward() of sum(w * g_w) + sum(b * g_b), which gives exactly g.
All floats are float32 values written with Python's repr of their float64 value (exact).
"""
import json
import pathlib

import torch

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "TorchTraining.Tests" / "Fixtures" / "step.json"
STEPS = 4
LEARNING_RATES = [0.1, 0.05, 0.08, 0.02]


def values(generator, shape):
    return (torch.randn(shape, generator=generator) * 0.7).round(decimals=3)


def cross_entropy_cases():
    generator = torch.Generator().manual_seed(7)
    logits = values(generator, (6, 5)) * 3
    targets = torch.tensor([0, 4, 2, 2, 1, 3])
    losses = {}
    for smoothing in [0.0, 0.1, 0.25]:
        losses[repr(smoothing)] = torch.nn.CrossEntropyLoss(label_smoothing=smoothing)(logits, targets).item()
    return {"logits": logits.tolist(), "targets": targets.tolist(), "losses": losses}


def run(name, make_optimizer, initial, gradients):
    weight = torch.nn.Parameter(torch.tensor(initial["weight"]))
    bias = torch.nn.Parameter(torch.tensor(initial["bias"]))
    optimizer = make_optimizer([weight], [bias])
    after = []
    for step in range(STEPS):
        for group in optimizer.param_groups:
            group["lr"] = LEARNING_RATES[step]
        optimizer.zero_grad()
        loss = (weight * torch.tensor(gradients[step]["weight"])).sum() + (bias * torch.tensor(gradients[step]["bias"])).sum()
        loss.backward()
        optimizer.step()
        after.append({"weight": weight.detach().tolist(), "bias": bias.detach().tolist()})
    return name, after


def optimizer_cases():
    generator = torch.Generator().manual_seed(11)
    initial = {"weight": values(generator, (3, 4)).tolist(), "bias": values(generator, (4,)).tolist()}
    gradients = [{"weight": values(generator, (3, 4)).tolist(), "bias": values(generator, (4,)).tolist()}
                 for _ in range(STEPS)]
    sgd = dict(momentum=0.9, nesterov=True, weight_decay=0.01)
    adamw = dict(betas=(0.9, 0.999), eps=1e-8, weight_decay=0.05)

    def make_sgd(decayed, plain):
        return torch.optim.SGD([{"params": decayed, "weight_decay": sgd["weight_decay"]},
                                {"params": plain, "weight_decay": 0.0}],
                               lr=LEARNING_RATES[0], momentum=sgd["momentum"], nesterov=sgd["nesterov"])

    def make_adamw(decayed, plain):
        return torch.optim.AdamW([{"params": decayed, "weight_decay": adamw["weight_decay"]},
                                  {"params": plain, "weight_decay": 0.0}],
                                 lr=LEARNING_RATES[0], betas=adamw["betas"], eps=adamw["eps"])

    results = dict([run("sgd_nesterov", make_sgd, initial, gradients), run("adamw", make_adamw, initial, gradients)])
    return {
        "initial": initial,
        "gradients": gradients,
        "learning_rates": LEARNING_RATES,
        "sgd_nesterov": {"momentum": sgd["momentum"], "weight_decay": sgd["weight_decay"],
                         "after": results["sgd_nesterov"]},
        "adamw": {"beta1": adamw["betas"][0], "beta2": adamw["betas"][1], "eps": adamw["eps"],
                  "weight_decay": adamw["weight_decay"], "after": results["adamw"]},
    }


def main():
    fixture = {"torch": torch.__version__, "cross_entropy": cross_entropy_cases(), "optimizers": optimizer_cases()}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(fixture, indent=1) + "\n")
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
