#!/usr/bin/python3
"""Safetensors for PyTorch without Python's safetensors package (not installed here): json + numpy.

Used by the side-by-side comparison (BENCHMARKS.md). ShuffleNetV2.Compare's `prepare` calls it to turn the
torchvision-keyed safetensors file written by the C# library (`SaveWeights(..., WeightsKeyStyle.Torchvision)`) into the
`torch.save(state_dict)` file that PyTorch eager and tools/export_torchvision_onnx.py load:

    /usr/bin/python3 benchmarks/compare/weights_io.py to-pth IN.safetensors OUT.pth

Writes OUT.pth only (PyTorch's zip format), then prints one line: the tensor count and total elements.
"""
import argparse
import collections
import json
import struct

import numpy as np
import torch

_DTYPES = {
    "F64": np.float64, "F32": np.float32, "F16": np.float16,
    "I64": np.int64, "I32": np.int32, "I16": np.int16, "I8": np.int8, "U8": np.uint8, "BOOL": np.bool_,
}


def load_safetensors(path):
    """Returns the file's tensors as an ordered dict of torch tensors, in the file's order."""
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 8:
        raise ValueError(f"{path}: {len(data)} bytes, too short for a safetensors file")
    (header_length,) = struct.unpack("<Q", data[:8])
    if 8 + header_length > len(data):
        raise ValueError(f"{path}: header length {header_length} runs past the end of the file ({len(data)} bytes)")
    header = json.loads(data[8:8 + header_length].decode("utf-8"))
    base = 8 + header_length
    entries = sorted(((k, v) for k, v in header.items() if k != "__metadata__"), key=lambda kv: kv[1]["data_offsets"][0])
    tensors = collections.OrderedDict()
    for key, entry in entries:
        if entry["dtype"] not in _DTYPES:
            raise ValueError(f"{path}: tensor '{key}' has dtype {entry['dtype']}, which this reader does not know")
        dtype = np.dtype(_DTYPES[entry["dtype"]]).newbyteorder("<")
        begin, end = entry["data_offsets"]
        shape = [int(d) for d in entry["shape"]]
        count = int(np.prod(shape)) if shape else 1
        if (end - begin) != count * dtype.itemsize:
            raise ValueError(f"{path}: tensor '{key}' {shape} {entry['dtype']} needs {count * dtype.itemsize} bytes, has {end - begin}")
        array = np.frombuffer(data, dtype=dtype, count=count, offset=base + begin).reshape(shape)
        tensors[key] = torch.from_numpy(array.astype(dtype.newbyteorder("=")).copy())
    return tensors


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    to_pth = commands.add_parser("to-pth", help="write a safetensors file as torch.save(state_dict)")
    to_pth.add_argument("safetensors")
    to_pth.add_argument("output")
    args = parser.parse_args()

    state_dict = load_safetensors(args.safetensors)
    torch.save(state_dict, args.output)
    print(f"{args.output}: {len(state_dict)} tensors, {sum(t.numel() for t in state_dict.values())} elements")


if __name__ == "__main__":
    main()
