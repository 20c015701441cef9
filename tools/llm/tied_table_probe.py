"""Where full fine-tuning's gain on Tang poems sits in the tied token table: writes the tables that
TiedTableProbe.java evaluates. From the base (a pretraining checkpoint) and a fully fine-tuned model
file: the base table E0, the fine-tuned table E1, and E0 plus the rank-k SVD approximation of
E1 - E0 for k = 1, 2, 4, 8, 16, 32 (and the energy share of each rank), as one safetensors file.
    /usr/bin/python3 tools/llm/tied_table_probe.py BASE.cambium FULL.cambium OUT.safetensors
"""
import json
import struct
import sys

import numpy as np


def read(path):
    """The float32 tensors of a Cambium model file (a safetensors file, weights under weights/)."""
    raw = open(path, "rb").read()
    n = struct.unpack("<Q", raw[:8])[0]
    header = json.loads(raw[8:8 + n])
    out = {}
    for k, v in header.items():
        if k != "__metadata__" and v["dtype"] == "F32":
            s, e = v["data_offsets"]
            out[k] = np.frombuffer(raw[8 + n + s:8 + n + e], dtype="<f4").reshape(v["shape"])
    return out


def write(path, tensors):
    header, blobs, off = {}, [], 0
    for k, a in tensors.items():
        b = np.ascontiguousarray(a, dtype="<f4").tobytes()
        header[k] = {"dtype": "F32", "shape": list(a.shape), "data_offsets": [off, off + len(b)]}
        off += len(b)
        blobs.append(b)
    h = json.dumps(header).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)) + h + b"".join(blobs))


key = "weights/wte/embeddings"
e0 = read(sys.argv[1])[key].astype(np.float64)
e1 = read(sys.argv[2])[key].astype(np.float64)
d = e1 - e0
u, s, vt = np.linalg.svd(d, full_matrices=False)
energy = np.cumsum(s ** 2) / np.sum(s ** 2)
tables = {"E0": e0, "E1": e1}
for r in [1, 2, 4, 8, 16, 32]:
    tables["rank%d" % r] = e0 + (u[:, :r] * s[:r]) @ vt[:r]
    print("rank %2d: %.3f of the change's energy" % (r, energy[r - 1]))
mean = d.mean(0)
print("the shift shared by all rows: %.3f of the energy" % (d.shape[0] * mean @ mean / np.sum(d ** 2)))
write(sys.argv[3], tables)
