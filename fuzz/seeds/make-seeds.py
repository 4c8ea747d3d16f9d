#!/usr/bin/env python3
"""Writes the committed seed corpora of the Java and JS fuzz targets from files already in the checkout
(spec/test-vectors.jsonl, vocab/tokenizer.json, the runtime's fixture model folders). Run from the repo root:
  python3 fuzz/seeds/make-seeds.py
The encodings match FuzzSupport (Java) and web/wasm-port/fuzz/support.mjs (JS)."""
import json, os, struct, hashlib, shutil

ROOT = os.getcwd()
JAVA = os.path.join(ROOT, "fuzz/src/test/resources/dev/microembed/fuzz")
FIX = os.path.join(ROOT, "runtime/src/test/resources/dev/microembed/fixtures")
SEP = b"\n\x00--microembed-fuzz-file--\x00\n"

def put(target, name, data):
    d = os.path.join(JAVA, target + "Inputs", "fuzz")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)

def encode_text(t):
    # UTF-8 unless a lone surrogate (json.loads keeps them as surrogate code points)
    try:
        return b"\x00" + t.encode("utf-8")
    except UnicodeEncodeError:
        return b"\x01" + t.encode("utf-16-le", "surrogatepass")

def clean(target):
    d = os.path.join(JAVA, target + "Inputs", "fuzz")
    if os.path.isdir(d):
        for f in os.listdir(d):
            if f.startswith("seed-"):
                os.remove(os.path.join(d, f))

for t in ["TokenizerTextFuzzTest", "TokenizerJsonFuzzTest", "SafetensorsFuzzTest", "JsonFuzzTest", "ModelFolderFuzzTest"]:
    clean(t)

# texts: every 4th spec text (edge cases and tweets in 8 languages), plus a few hand-picked ones
texts = [json.loads(l)["text"] for l in open(os.path.join(ROOT, "spec/test-vectors.jsonl"), encoding="utf-8")]
picked = texts[::4] + ["a" * 150, "x\ud800y", "\udc00", "#love 😍🔥 @user http://t.co/x", "ǅ ß ﬁ İ ŉ", "\u0000\u0085\u2028 \ufeff"]
for i, t in enumerate(picked):
    put("TokenizerTextFuzzTest", "seed-%03d" % i, encode_text(t))

# tokenizer.json: the fixtures' small files and a 300-token cut of the shipped one (same normalizer, added tokens)
for name in ["small-cased.json", "small-uncased.json", "small-uncased-added.json"]:
    put("TokenizerJsonFuzzTest", "seed-" + name, open(os.path.join(FIX, "tokenizers", name), "rb").read())
put("TokenizerJsonFuzzTest", "seed-tiny.json", open(os.path.join(FIX, "tiny/tokenizer.json"), "rb").read())
real = json.load(open(os.path.join(ROOT, "vocab/tokenizer.json"), encoding="utf-8"))
vocab = sorted(real["model"]["vocab"].items(), key=lambda kv: kv[1])
keep = dict(vocab[:120] + vocab[3000:3060] + vocab[-120:])
cut = dict(real)
cut["model"] = dict(real["model"], vocab={k: i for i, (k, _) in enumerate(sorted(keep.items(), key=lambda kv: kv[1]))})
n = len(cut["model"]["vocab"])
cut["added_tokens"] = [dict(a, id=n + i) for i, a in enumerate(real["added_tokens"][100:112])]
put("TokenizerJsonFuzzTest", "seed-shipped-cut.json", json.dumps(cut, ensure_ascii=False).encode("utf-8"))

# safetensors: the fixtures' tables and hand-made files of each dtype the runtime reads
for name in ["tiny", "tiny-weighted", "short-table"]:
    put("SafetensorsFuzzTest", "seed-" + name, open(os.path.join(FIX, name, "model.safetensors"), "rb").read())
def st(tensors, meta=None):
    header, data = {}, b""
    if meta: header["__metadata__"] = meta
    for name, dtype, shape, raw in tensors:
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [len(data), len(data) + len(raw)]}
        data += raw
    h = json.dumps(header).encode()
    return struct.pack("<Q", len(h)) + h + data
put("SafetensorsFuzzTest", "seed-dtypes", st([("a", "F32", [2, 2], struct.pack("<4f", 1, -2, 0.5, 3)),
                                              ("b", "I8", [3], bytes([1, 255, 128])),
                                              ("c", "I32", [2], struct.pack("<2i", -7, 1 << 30)),
                                              ("d", "F16", [1], b"\x00\x3c"), ("e", "BOOL", [0], b"")],
                                             {"format": "microembed", "format_version": "1"}))
put("SafetensorsFuzzTest", "seed-empty-header", struct.pack("<Q", 2) + b"{}")

# JSON: the shipped and fixture config.json, the shipped config's manifest head
put("JsonFuzzTest", "seed-config-vocab.json", open(os.path.join(ROOT, "vocab/config.json"), "rb").read())
for name in ["tiny", "tiny-weighted", "short-table"]:
    put("JsonFuzzTest", "seed-config-" + name + ".json", open(os.path.join(FIX, name, "config.json"), "rb").read())
put("JsonFuzzTest", "seed-values.json", '{"a":[1,-0.0,1e-7,12345678901234567890,"\\ud83d\\ude00\\u00e9",true,false,null,{}],"b":[[[]]]}'.encode())

# model folders: each fixture packed, checksums fixed (flag 1) and as committed (flag 0)
for name in ["tiny", "tiny-weighted", "short-table"]:
    parts = [open(os.path.join(FIX, name, f), "rb").read() for f in ["config.json", "tokenizer.json", "model.safetensors"]]
    for flag in (0, 1):
        put("ModelFolderFuzzTest", "seed-%s-%d" % (name, flag), bytes([flag]) + SEP.join(parts))
print("seeds written")
