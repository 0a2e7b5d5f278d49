#!/usr/bin/python3
"""Makes TorchCheckpoints' format fixtures: one small state dict of every element type, saved by PyTorch itself.

Run with Debian's python3-torch 1.13 (a second):
    /usr/bin/python3 tools/make_checkpoint_fixtures.py
Writes into tests/TorchCheckpoints.Tests/Fixtures/:
    dtypes_zip.pth      torch.save(state_dict) in the zip format (PyTorch >= 1.6)
    dtypes_legacy.pth   the same dict in the legacy format (_use_new_zipfile_serialization=False)
    dtypes.json         for each key: dtype, shape and the values as a flat list (floats exactly as float64 holds
                        them; bfloat16/float16 widened), in the dict's order
The dict holds a scalar, an empty tensor, a transposed (non-contiguous) view, two views sharing one storage, a
BatchNorm's buffers and its _metadata versions, so readers meet what real checkpoints contain.
"""
import collections
import json
import pathlib

import torch

OUT = pathlib.Path(__file__).resolve().parent.parent / "tests" / "TorchCheckpoints.Tests" / "Fixtures"


def state_dict():
    g = torch.Generator().manual_seed(1950)
    shared = torch.arange(12, dtype=torch.float32).reshape(3, 4)
    bn = torch.nn.BatchNorm2d(3)
    with torch.no_grad():
        bn.running_mean.copy_(torch.randn(3, generator=g))
        bn.num_batches_tracked.fill_(7)
    d = collections.OrderedDict()
    d["float32"] = torch.randn(2, 3, generator=g)
    d["float64"] = torch.randn(4, generator=g, dtype=torch.float64)
    d["float16"] = torch.randn(2, 2, generator=g).half()
    d["bfloat16"] = torch.randn(3, generator=g).bfloat16()
    d["int64"] = torch.tensor([-(2 ** 40), 0, 2 ** 40])
    d["int32"] = torch.tensor([[-5, 6], [7, -8]], dtype=torch.int32)
    d["int16"] = torch.tensor([-300, 300], dtype=torch.int16)
    d["int8"] = torch.tensor([-128, 127], dtype=torch.int8)
    d["uint8"] = torch.tensor([0, 200, 255], dtype=torch.uint8)
    d["bool"] = torch.tensor([True, False, True])
    d["scalar"] = torch.tensor(3.25)
    d["empty"] = torch.zeros(0, 5)
    d["transposed"] = torch.randn(3, 2, generator=g).t()
    d["shared.row"] = shared[1]
    d["shared.column"] = shared[:, 2]
    for k, v in bn.state_dict().items():
        d["bn." + k] = v
    d._metadata = collections.OrderedDict([("", {"version": 1}), ("bn", {"version": 2})])
    return d


def flat(t):
    if t.dtype in (torch.float16, torch.bfloat16):
        t = t.double()
    return [bool(v) if t.dtype == torch.bool else v for v in t.reshape(-1).tolist()]


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    d = state_dict()
    torch.save(d, OUT / "dtypes_zip.pth")
    torch.save(d, OUT / "dtypes_legacy.pth", _use_new_zipfile_serialization=False)
    expected = [{"key": k, "dtype": str(v.dtype).replace("torch.", ""), "shape": list(v.shape), "values": flat(v)} for k, v in d.items()]
    (OUT / "dtypes.json").write_text(json.dumps({"entries": expected, "module_versions": {"": 1, "bn": 2}}, indent=1) + "\n")
    for name in ("dtypes_zip.pth", "dtypes_legacy.pth"):
        back = torch.load(OUT / name)
        assert list(back) == list(d) and all(torch.equal(back[k], d[k]) for k in d), name
    print("wrote", *(p.name for p in sorted(OUT.iterdir())))


if __name__ == "__main__":
    main()
