#!/usr/bin/python3
"""Records PyTorch's learning-rate sequences for the schedules TorchTraining offers, as torchvision builds them.

Run with Debian's python3-torch 1.13 (under a second):
    /usr/bin/python3 tools/make_schedule_fixtures.py
Writes tests/TorchTraining.Tests/Fixtures/schedules.json.

Each case builds the schedule the way torchvision's references/classification/train.py does: the main scheduler
(CosineAnnealingLR with T_max = epochs - warm-up epochs and eta_min = lr_min, or StepLR), preceded, when there are
warm-up epochs, by LinearLR (start_factor = lr_warmup_decay) or ConstantLR (factor = lr_warmup_decay) over the
warm-up, joined by SequentialLR with the milestone at the end of the warm-up. Per-epoch cases step once per epoch,
as train.py does. Per-iteration cases count every length in iterations (warm-up epochs * steps per epoch, and so on)
and step after every iteration.

For each case, `lrs[g][i]` is the learning rate of parameter group g during epoch i (per-epoch cases) or during
iteration i counted from the start of training (per-iteration cases), i.e. the value read from the optimizer before
the i-th scheduler step. Two groups with different base learning rates check that every group follows its own
base (eta_min is absolute, as in PyTorch). Floats are written with Python's repr, which round-trips exactly.
"""
import json
import pathlib
import warnings

import torch

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "TorchTraining.Tests" / "Fixtures" / "schedules.json"

CASES = [
    # name, scheduler, per_iteration, epochs, steps_per_epoch, warmup_epochs, warmup_method, warmup_decay,
    # lr_min, step_size, gamma, base_lrs
    dict(name="cosine_linear_warmup_epoch", scheduler="cosine", per_iteration=False, epochs=12, steps_per_epoch=7,
         warmup_epochs=3, warmup_method="linear", warmup_decay=0.01, lr_min=0.0, step_size=0, gamma=0.0,
         base_lrs=[0.5, 0.05]),
    dict(name="cosine_linear_warmup_epoch_lr_min", scheduler="cosine", per_iteration=False, epochs=9,
         steps_per_epoch=4, warmup_epochs=2, warmup_method="linear", warmup_decay=0.1, lr_min=1e-4, step_size=0,
         gamma=0.0, base_lrs=[0.1, 0.001]),
    dict(name="cosine_linear_warmup_iteration", scheduler="cosine", per_iteration=True, epochs=5, steps_per_epoch=7,
         warmup_epochs=2, warmup_method="linear", warmup_decay=0.01, lr_min=1e-5, step_size=0, gamma=0.0,
         base_lrs=[0.5, 0.05]),
    dict(name="cosine_no_warmup_epoch", scheduler="cosine", per_iteration=False, epochs=8, steps_per_epoch=3,
         warmup_epochs=0, warmup_method="linear", warmup_decay=0.01, lr_min=0.0, step_size=0, gamma=0.0,
         base_lrs=[0.2, 0.02]),
    dict(name="cosine_constant_warmup_epoch", scheduler="cosine", per_iteration=False, epochs=8, steps_per_epoch=3,
         warmup_epochs=2, warmup_method="constant", warmup_decay=0.1, lr_min=0.0, step_size=0, gamma=0.0,
         base_lrs=[0.2, 0.02]),
    dict(name="step_epoch", scheduler="step", per_iteration=False, epochs=10, steps_per_epoch=3, warmup_epochs=0,
         warmup_method="linear", warmup_decay=0.01, lr_min=0.0, step_size=3, gamma=0.1, base_lrs=[0.1, 0.01]),
    dict(name="step_linear_warmup_epoch", scheduler="step", per_iteration=False, epochs=10, steps_per_epoch=3,
         warmup_epochs=2, warmup_method="linear", warmup_decay=0.01, lr_min=0.0, step_size=3, gamma=0.5,
         base_lrs=[0.1, 0.01]),
    dict(name="step_linear_warmup_iteration", scheduler="step", per_iteration=True, epochs=4, steps_per_epoch=5,
         warmup_epochs=1, warmup_method="linear", warmup_decay=0.2, lr_min=0.0, step_size=2, gamma=0.5,
         base_lrs=[0.1, 0.01]),
]


def build(case, optimizer):
    unit = case["steps_per_epoch"] if case["per_iteration"] else 1
    warmup = case["warmup_epochs"] * unit
    if case["scheduler"] == "cosine":
        main = torch.optim.lr_scheduler.CosineAnnealingLR(
            optimizer, T_max=case["epochs"] * unit - warmup, eta_min=case["lr_min"])
    else:
        main = torch.optim.lr_scheduler.StepLR(optimizer, step_size=case["step_size"] * unit, gamma=case["gamma"])
    if warmup == 0:
        return main
    if case["warmup_method"] == "linear":
        first = torch.optim.lr_scheduler.LinearLR(optimizer, start_factor=case["warmup_decay"], total_iters=warmup)
    else:
        first = torch.optim.lr_scheduler.ConstantLR(optimizer, factor=case["warmup_decay"], total_iters=warmup)
    return torch.optim.lr_scheduler.SequentialLR(optimizer, schedulers=[first, main], milestones=[warmup])


def record(case):
    groups = [{"params": [torch.nn.Parameter(torch.zeros(1))], "lr": lr} for lr in case["base_lrs"]]
    optimizer = torch.optim.SGD(groups, lr=case["base_lrs"][0], momentum=0.9)
    scheduler = build(case, optimizer)
    count = case["epochs"] * (case["steps_per_epoch"] if case["per_iteration"] else 1)
    lrs = [[] for _ in groups]
    for _ in range(count):
        for g, group in enumerate(optimizer.param_groups):
            lrs[g].append(group["lr"])
        optimizer.step()
        scheduler.step()
    return dict(case, lrs=lrs)


def main():
    warnings.simplefilter("ignore")  # SequentialLR passes an epoch to step() at the milestone, which PyTorch warns about
    fixture = {"torch": torch.__version__, "cases": [record(case) for case in CASES]}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(fixture, indent=1) + "\n")
    print(f"wrote {OUT.relative_to(ROOT)} ({len(CASES)} cases)")


if __name__ == "__main__":
    main()
