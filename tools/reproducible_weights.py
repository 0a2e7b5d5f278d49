#!/usr/bin/python3
"""The reproducible weight generator shared by the parity fixtures and the C# tests.

Full-width checkpoints are too big to commit (the 2.0x one is ~29 MB), so the parity tests rebuild the same weights on
both sides instead: every value is a pure function of the tensor's torchvision state_dict key and the element's index,
computed with exact 64-bit integer arithmetic and mapped to float32 by operations that IEEE 754 rounds identically in
Python (numpy float64 -> float32) and C# (double -> float). The C# twin is
tests/ShuffleNetV2.Torch.Tests/Weights/ReproducibleWeights.cs; both must stay bit-identical.

Definition (all integer arithmetic modulo 2**64):
    seed(key)      = FNV-1a 64 of the key's UTF-8 bytes (offset 0xcbf29ce484222325, prime 0x100000001b3)
    mix(z)         = z ^= z >> 30; z *= 0xbf58476d1ce4e5b9; z ^= z >> 27; z *= 0x94d049bb133111eb; z ^= z >> 31
    bits(key, i)   = mix(seed(key) + (i + 1) * 0x9e3779b97f4a7c15) >> 40        (24 bits, i = flat element index)
    unit(key, i)   = bits / 2**24                  in [0, 1)   (exact)
    signed(key, i) = (bits - 2**23) / 2**23        in [-1, 1)  (exact)
Values (float32 unless said otherwise):
    *.num_batches_tracked  int64  bits(key, 0) mod 100000
    *.running_var, 1-D *.weight   0.5 + unit                      (BatchNorm scale and variance in [0.5, 1.5))
    *.running_mean, *.bias        0.25 * signed
    weights of 2 or more dims     signed * sqrt(4 / fan_in), fan_in = product of the shape after its first dimension
    the input ("input")           signed
Every tensor differs from every other, BatchNorm statistics included, so a key mapped to the wrong tensor changes the
logits far beyond the 1e-4 tolerance.

Not run on its own: imported by tools/make_weight_fixtures.py.
"""
import math

import numpy as np
import torch

_MASK = (1 << 64) - 1


def key_seed(key: str) -> int:
    h = 0xCBF29CE484222325
    for b in key.encode("utf-8"):
        h ^= b
        h = (h * 0x100000001B3) & _MASK
    return h


def bits24(key: str, count: int) -> np.ndarray:
    with np.errstate(over="ignore"):
        z = np.uint64(key_seed(key)) + (np.arange(count, dtype=np.uint64) + np.uint64(1)) * np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
    return (z >> np.uint64(40)).astype(np.int64)


def values(key: str, shape) -> torch.Tensor:
    shape = tuple(int(d) for d in shape)
    count = int(np.prod(shape)) if shape else 1
    b = bits24(key, count)
    if key.endswith("num_batches_tracked"):
        return torch.tensor(int(b[0]) % 100000, dtype=torch.int64).reshape(shape)
    unit = b.astype(np.float64) / 2.0**24
    signed = (b - (1 << 23)).astype(np.float64) / 2.0**23
    if key == "input":
        data = signed
    elif key.endswith("running_var") or (key.endswith(".weight") and len(shape) == 1):
        data = 0.5 + unit
    elif key.endswith("running_mean") or key.endswith(".bias"):
        data = 0.25 * signed
    elif len(shape) >= 2:
        fan_in = int(np.prod(shape[1:]))
        data = signed * math.sqrt(4.0 / fan_in)
    else:
        raise ValueError(f"no rule for {key} {shape}")
    return torch.from_numpy(data.astype(np.float32)).reshape(shape)


def fill_(model: torch.nn.Module) -> torch.nn.Module:
    """Overwrites every parameter and buffer of a torchvision-keyed model with the generator's values."""
    with torch.no_grad():
        for key, tensor in model.state_dict().items():
            tensor.copy_(values(key, tensor.shape))
    return model
