#!/usr/bin/python3
"""Writes the seed model's state_dict keys with their shapes, one per line, for the tests.

Run with Debian's python3-torch:  /usr/bin/python3 tools/make_seed_state_dict_keys.py
Output: tests/ShuffleNetV2.Torch.Tests/Fixtures/seed_state_dict_keys.txt
"""
import importlib.util
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "reference" / "seed_model.py"
OUT = ROOT / "tests" / "ShuffleNetV2.Torch.Tests" / "Fixtures" / "seed_state_dict_keys.txt"


def main():
    spec = importlib.util.spec_from_file_location("seed_model", SEED)
    seed = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(seed)
    model = seed.ShuffleNetV2(num_classes=1000)
    lines = [f"{key} {' '.join(str(d) for d in tensor.shape)}".rstrip() for key, tensor in model.state_dict().items()]
    OUT.write_text("# key followed by its shape; made by tools/make_seed_state_dict_keys.py from seed_model.py\n" + "\n".join(lines) + "\n")
    print(f"{len(lines)} keys -> {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
