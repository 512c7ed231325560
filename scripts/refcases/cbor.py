"""CBOR as the reference writes constraint values: struct maps in declaration order, argument-value
maps sorted by UTF-8 key, floats in the shortest lossless width."""
import math
import struct


def head(major, n):
    if n < 24:
        return bytes([major << 5 | n])
    for ai, width in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if n < 1 << (8 * width):
            return bytes([major << 5 | ai]) + n.to_bytes(width, "big")
    raise ValueError(n)


def enc_float(x):
    for fmt, tag in ((">e", b"\xf9"), (">f", b"\xfa")):
        try:
            packed = struct.pack(fmt, x)
        except (OverflowError, struct.error):
            continue
        back = struct.unpack(fmt, packed)[0]
        if back == x or (math.isnan(x) and math.isnan(back)):
            return tag + packed
    return b"\xfb" + struct.pack(">d", x)


def enc_text(s):
    b = s.encode("utf-8")
    return head(3, len(b)) + b


def enc_value(v):
    if v is None:
        return b"\xf6"
    if v is True:
        return b"\xf5"
    if v is False:
        return b"\xf4"
    if isinstance(v, int):
        return head(0, v) if v >= 0 else head(1, -1 - v)
    if isinstance(v, float):
        return enc_float(v)
    if isinstance(v, str):
        return enc_text(v)
    if isinstance(v, (list, tuple)):
        return head(4, len(v)) + b"".join(enc_value(x) for x in v)
    if isinstance(v, dict):
        keys = sorted(v, key=lambda k: k.encode("utf-8"))
        return head(5, len(keys)) + b"".join(enc_text(k) + enc_value(v[k]) for k in keys)
    raise TypeError(v)


def enc_struct(pairs):
    """A struct map: [(key, encoded value bytes)] in declaration order."""
    return head(5, len(pairs)) + b"".join(enc_text(k) + b for k, b in pairs)
