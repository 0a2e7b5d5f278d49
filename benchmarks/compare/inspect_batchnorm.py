#!/usr/bin/python3
"""Inspects saved training weights (train-accuracy --save-weights, torchvision's keys) for BatchNorm trouble: the test
top-1 and loss in eval mode, the BatchNorm outputs of largest magnitude on the test set, the smallest running
variances, and the top-1 again with the BatchNorm statistics recomputed on training batches (when that recovers the
accuracy, the weights are sound and the running statistics lag behind them).

    /usr/bin/python3 benchmarks/compare/inspect_batchnorm.py --weights DIR/epoch1.pth --recipe RECIPE.json [--width 0.5]
"""
import argparse

import torch

from pytorch_train_worker import BUILDERS, CLASSES, DEFAULT_DATA, FashionMnist, eval_transform, loader, read_recipe


def top1(model, batches):
    correct = count = 0
    with torch.no_grad():
        for images, labels in batches:
            correct += (model(images).argmax(1) == labels).sum().item()
            count += len(labels)
    return 100 * correct / count


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--weights", required=True)
    parser.add_argument("--recipe", required=True)
    parser.add_argument("--width", default="0.5", choices=sorted(BUILDERS))
    parser.add_argument("--data", default=DEFAULT_DATA)
    parser.add_argument("--batches", type=int, default=50, help="training batches for the recomputed statistics (default 50)")
    args = parser.parse_args()
    recipe = read_recipe(args.recipe)
    model = BUILDERS[args.width](weights=None, num_classes=CLASSES)
    model.load_state_dict(torch.load(args.weights, map_location="cpu"))
    model.eval()
    test = loader(FashionMnist(args.data, False, eval_transform(recipe)), 500, False, 0)

    largest = {}

    def keep_largest(name):
        def hook(module, inputs, output):
            largest[name] = max(largest.get(name, 0.0), output.detach().abs().amax().item())
        return hook

    hooks = [m.register_forward_hook(keep_largest(n)) for n, m in model.named_modules() if isinstance(m, torch.nn.BatchNorm2d)]
    losses, correct, count = [], 0, 0
    with torch.no_grad():
        for images, labels in test:
            logits = model(images)
            losses.append(torch.nn.functional.cross_entropy(logits, labels, reduction="none"))
            correct += (logits.argmax(1) == labels).sum().item()
            count += len(labels)
    for hook in hooks:
        hook.remove()
    loss = torch.cat(losses)
    print(f"eval: top-1 {100 * correct / count:.2f}%, mean loss {loss.mean():.4g}, largest loss {loss.max():.4g}, "
          f"{int((loss > 10).sum())} of {count} images with a loss above 10")
    print("largest |BatchNorm output| on the test set: " +
          ", ".join(f"{name} {value:.3g}" for name, value in sorted(largest.items(), key=lambda kv: -kv[1])[:5]))
    state = model.state_dict()
    variances = sorted((state[k].min().item(), k) for k in state if k.endswith("running_var"))[:5]
    print("smallest running variance: " + ", ".join(f"{k} {v:.3g}" for v, k in variances))

    # Cumulative averages (momentum None) over training batches without augmentation, in train mode, no update.
    for module in model.modules():
        if isinstance(module, torch.nn.BatchNorm2d):
            module.reset_running_stats()
            module.momentum = None
    model.train()
    train = loader(FashionMnist(args.data, True, eval_transform(recipe)), recipe["batch_size"], True, 0, seed=0)
    with torch.no_grad():
        for i, (images, _) in enumerate(train):
            if i == args.batches:
                break
            model(images)
    model.eval()
    print(f"with the BatchNorm statistics recomputed on {args.batches} training batches: top-1 {top1(model, test):.2f}%")


if __name__ == "__main__":
    main()
