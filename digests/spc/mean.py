"""Correctly rounded means of many segments at once, exactly as R's ``mean()`` gives them.

The sign of ``value - mean`` decides whether a point on the mean breaks a run (SPC.md §4.5), so
the mean must be the correctly rounded value of the exact rational ``sum(x) / n``, not merely a
close one: naive ``sum/n`` is off by an ulp for most one-decimal series, and ``math.fsum`` then
``/ n`` rounds twice. ``np.longdouble`` would do on x86-64 only, so this uses plain 64-bit
integers, identical on every platform:

1. each double is an integer mantissa times a power of two; within a segment every value is put
   on the grid of the segment's finest bit and split into two 64-bit limbs, so the segment sum is
   an exact two-limb integer ``N`` (``np.add.reduceat``, no loop per segment);
2. ``N / n`` is long-divided by the segment length in the same limbs, and the quotient is rounded
   to 53 significant bits, half to even, using the remainder as the sticky bit.

A segment whose values differ in magnitude by more than about 2**53 (a zero counts as 1 here;
less for segments of more than 255 values), or whose mean would be subnormal, falls back to
``fractions.Fraction``: exact and slow, and rare with real indicators.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

_I64 = np.int64
_TINY = np.finfo(np.float64).tiny


def _bitlen(v: np.ndarray) -> np.ndarray:
    """Bit length of non-negative int64 values, exactly (a float cast alone could round up)."""
    hi = (v >> 32).astype(np.float64)
    lo = (v & 0xFFFFFFFF).astype(np.float64)
    return np.where(hi > 0, np.frexp(hi)[1] + 32, np.frexp(lo)[1]).astype(_I64)


def _shl(v: np.ndarray, k: np.ndarray | int) -> np.ndarray:
    return np.left_shift(v, np.maximum(k, 0))


def _shr(v: np.ndarray, k: np.ndarray | int) -> np.ndarray:
    return np.right_shift(v, np.maximum(k, 0))


def segment_means(
    values: np.ndarray, starts: np.ndarray, counts: np.ndarray | None = None
) -> np.ndarray:
    """Correctly rounded mean of each contiguous segment of ``values``.

    ``values`` are finite float64; segment ``i`` is ``values[starts[i]:starts[i + 1]]`` (the last
    one runs to the end). ``counts``, if given, is how many values each segment really has:
    the caller has set the others to 0, which is cheaper than removing them. Segments with no
    values give NaN, as R's ``mean(numeric(0))`` does.
    """
    x = np.ascontiguousarray(values, dtype=np.float64)
    starts = np.asarray(starts, dtype=_I64)
    size = x.size
    lengths = np.diff(np.append(starts, size))
    out = np.full(starts.size, np.nan)
    used = lengths > 0
    if size == 0 or not used.any():
        return out
    st = starts[used]
    length = lengths[used]
    n = length if counts is None else np.maximum(np.asarray(counts, dtype=_I64)[used], 1)

    # Limb layout: K bits of headroom for the count, D bits in the low limb.
    k_bits = max(8, int(length.max()).bit_length())
    d_bits = 62 - k_bits
    max_spread = min(d_bits - 1, 71 - 2 * k_bits)
    mask = (1 << d_bits) - 1

    frac, expo = np.frexp(x)
    mant = (frac * 9007199254740992.0).astype(_I64)  # frac * 2**53: an exact integer
    # Any grid at or below every value's last bit will do; zeros (exponent 0) may make it finer.
    finest = np.minimum.reduceat(expo, st).astype(_I64)
    top_exp = np.frexp(np.maximum(np.maximum.reduceat(x, st), -np.minimum.reduceat(x, st)))[1]
    spread_ok = top_exp - finest <= max_spread
    shift = expo - np.repeat(finest.astype(expo.dtype), length)
    if not spread_ok.all():
        np.minimum(shift, max_spread, out=shift)
    # value / 2**(finest - 53) = mant * 2**shift = hi * 2**D + lo with 0 <= lo < 2**D
    gap = d_bits - shift
    hi = mant >> gap
    lo = (mant - (hi << gap)) << shift
    a = np.add.reduceat(hi, st)
    b = np.add.reduceat(lo, st)
    a += b >> d_bits
    b &= mask

    negative = a < 0
    borrow = negative & (b > 0)
    a = np.where(negative, np.where(borrow, -a - 1, -a), a)
    b = np.where(borrow, (1 << d_bits) - b, b)

    # Small sums: both operands are exact doubles, so IEEE division rounds correctly.
    small = (a == 0) & (b < (1 << 53))
    small_q = b.astype(np.float64) / n

    # Otherwise scale N up (exactly) so the quotient has at least 55 bits, then long-divide.
    blen = np.where(a > 0, _bitlen(a) + d_bits, _bitlen(b))
    up = np.where(small, 0, np.maximum(0, 55 + k_bits - blen))
    a2 = _shl(a, up) | _shr(b, d_bits - up)
    b2 = _shl(b, up) & mask
    qa, ra = np.divmod(a2, n)
    qc, rc = np.divmod((ra << d_bits) | b2, n)

    qlen = np.where(qa > 0, _bitlen(qa) + d_bits, _bitlen(qc))
    drop = np.where(small, 2, qlen - 53)  # bits of the quotient below the 53 kept
    low_only = drop <= d_bits
    top = np.where(
        low_only,
        _shl(qa, d_bits - drop) | _shr(qc, drop),
        _shr(qa, drop - d_bits),
    )
    rest = np.where(
        low_only,
        qc & (_shl(np.ones_like(qc), drop) - 1),
        _shl(qa & (_shl(np.ones_like(qa), drop - d_bits) - 1), d_bits) | qc,
    )
    half = np.left_shift(1, drop - 1)
    round_up = (rest > half) | ((rest == half) & ((rc > 0) | ((top & 1) == 1)))
    big_q = np.ldexp((top + round_up).astype(np.float64), drop - up)

    mean = np.ldexp(np.where(small, small_q, big_q), finest - 53)
    mean = np.where(negative, -mean, mean)

    exact = spread_ok & ((np.abs(mean) >= _TINY) | ((a == 0) & (b == 0)))
    for i in np.flatnonzero(~exact):
        part = x[st[i] : st[i] + length[i]]
        mean[i] = float(sum(map(Fraction, part.tolist()), Fraction(0)) / int(n[i]))
    out[used] = mean
    if counts is not None:
        out[np.asarray(counts) == 0] = np.nan
    return out
