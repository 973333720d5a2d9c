#!/usr/bin/python3
"""Expected values for PythonCsvTest and PythonFormatTest (package dev.rashomon.outrank.compat).

Run with Debian's interpreter and packages (python3-numpy, python3-pandas):

    /usr/bin/python3 jobs/src/test/resources/reference/python_emulation_cases.py

It prints, per section, the rows pasted into the Java tests (Java source syntax), followed by
a few checks. Doubles are printed as their raw IEEE-754 bits (0x...L) so the Java tests
compare bit for bit; the readable repr is printed next to them as a comment.

Array inputs for np.sum / np.mean are not printed: they are built by the same formula in
Java and here (decimal strings parsed by float() / Double.parseDouble, both correctly
rounded), see numpy_array().
"""
import csv
import io
import random
import struct
import sys

import numpy as np
import pandas as pd


def bits(x):
    return "0x%016xL" % struct.unpack("<Q", struct.pack("<d", float(x)))[0]


def java_str(s):
    out = []
    for c in s:
        if c == "\\":
            out.append("\\\\")
        elif c == '"':
            out.append('\\"')
        elif c == "\n":
            out.append("\\n")
        elif c == "\r":
            out.append("\\r")
        elif c == "\t":
            out.append("\\t")
        elif " " <= c <= "~":
            out.append(c)
        else:
            out.append("\\u%04x" % ord(c))
    return '"' + "".join(out) + '"'


def section(title):
    print()
    print("// ---- %s ----" % title)


print("// python %s" % sys.version.split()[0])
print("// numpy %s" % np.__version__)
print("// pandas %s" % pd.__version__)

# ---------------------------------------------------------------- 1. csv.reader
section("PythonCsv.parse: next(csv.reader([line + '\\n'])), null where csv.Error is raised")
CSV_LINES = [
    "a,b,c",
    "1,2.5,-3e-05",
    "a,,c",
    ",,",
    "a,b,",
    ",",
    "",
    '"a,b",c',
    '"a""b",c',
    '""',
    '"",""',
    'ab"c,d',
    'a"b"c',
    '"ab"c,d',
    '"ab" ,d',
    'a,"bc',
    '"',
    ' a , b ',
    ' "a",b',
    "a\rb",
    "a,b\r",
    '"a\rb",c',
    "caf\xe9,\xff,\xa0x\xa0",
    "\t,\x85",
    "a\x00b",
    '"a\nb",c',
]
csv_errors = 0
for line in CSV_LINES:
    try:
        fields = next(csv.reader([line + "\n"]))
        expected = "new String[] {%s}" % ", ".join(java_str(f) for f in fields)
    except csv.Error as e:
        csv_errors += 1
        expected = "null /* csv.Error: %s */" % str(e).split(" - ")[0]
    print("row(%s, %s)," % (java_str(line), expected))
print("// %d lines, %d raise csv.Error" % (len(CSV_LINES), csv_errors))

# ---------------------------------------------------------------- 2. repr(float)
section("PythonFormat.repr: repr(float)")
REPR_VALUES = [
    0.0, -0.0, 1.0, -1.0, 100.0, 1e16, 1e15, 9999999999999998.0, 123456789012345680.0,
    0.0001, 0.00001, 1e-5, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308,
    0.1, 1 / 3, 2 / 3, 0.30000000000000004,
    float(np.float32(0.1)), float(np.float32(-0.009302258)), float(np.float32(1 / 3)),
    float(np.float32(0.614113450050354)),
    -0.009302258491516113, 3.304237397851184e-05, 1.2345678901234567e-07,
    float("nan"), float("inf"), float("-inf"),
    # powers of two: the rounding interval is asymmetric, the shortest digits may not be the
    # closest 16-digit decimal
    2.0 ** -24, 2.0 ** -44, 2.0 ** 89, 2.0 ** -1074 * 2 ** 57,
]
rng = random.Random(7)
for _ in range(8):
    REPR_VALUES.append(rng.uniform(-1, 1) * 10 ** rng.randint(-12, 20))
for _ in range(8):
    REPR_VALUES.append(rng.random() * 10 ** rng.randint(-12, 20))
for x in REPR_VALUES:
    print("row(%s, %s)," % (bits(x), java_str(repr(x))))
print("// %d values" % len(REPR_VALUES))

# ---------------------------------------------------------------- 3. int(round(x, 1))
section("PythonFormat.intOfRound1: int(round(x, 1))")
ROUND_VALUES = [
    69.96, 49.94, 99.95, 99.94999999999999, 100.0, 73.0, 0.0, 0.05, 0.15, 0.25,
    0.45, 1.45, 12.35, 99.85, 0.95, 1.95, 2.95, 9.95, 19.95, 39.95, 59.95,
    0.9500000000000001, 2.9499999999999997, -0.04, -0.05, -12.35, -2.95,
]
rng = random.Random(17)
for _ in range(10):
    ROUND_VALUES.append(rng.uniform(0, 100))
for x in ROUND_VALUES:
    print("row(%s, %d), // %r" % (bits(x), int(round(x, 1)), x))
print("// %d values" % len(ROUND_VALUES))

# ---------------------------------------------------------------- 4. str.strip()
section("PythonFormat.strip: str.strip()")
STRIP_VALUES = [
    "abc", "  abc  ", "\tabc\n", "\x0babc\x0c", "\rabc\r\n", "\x1cabc\x1d", "\x1eabc\x1f",
    "\x85abc\x85", "\xa0abc\xa0", " a b\tc ", "\xa0a\xa0b\xa0", "\x1b abc \x1b", "\x00abc\x00",
    "\x84abc\x86", "\x9fabc\xa1", " \t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0", "", " ", "\xe9t\xe9 ",
]
for s in STRIP_VALUES:
    print("row(%s, %s)," % (java_str(s), java_str(s.strip())))
print("// %d values" % len(STRIP_VALUES))

# ---------------------------------------------------------------- 5. len(s.encode())
section("PythonFormat.utf8Length: len(s.encode())")
UTF8_VALUES = ["", "abc", "\xe9", "\xa0", "\xff", "\x7f", "\x80", "\x00", "caf\xe9 \xa0 na\xefve \xff!"]
for s in UTF8_VALUES:
    print("row(%s, %d)," % (java_str(s), len(s.encode())))
print("// %d values" % len(UTF8_VALUES))


# ---------------------------------------------------------------- 6. np.sum / np.mean
def numpy_text(seed, k):
    """The decimal text of element k of array `seed`; identical formula in PythonFormatTest."""
    mantissa = (k * 7919 + seed * 104729) % 2001 - 1000
    exponent = (k * 31 + seed * 17) % 18 - 6
    return "%de%d" % (mantissa, exponent)


def numpy_array(seed, n):
    return [float(numpy_text(seed, k)) for k in range(n)]


section("PythonFormat.numpySum / numpyMean: np.sum, np.mean of float64 arrays")
SUM_LENGTHS = list(range(1, 21)) + [127, 128, 129, 255, 256, 1000]
SUM_SEEDS = [1, 2, 3]
naive_differs = 0
sum_cases = 0
for seed in SUM_SEEDS:
    for n in SUM_LENGTHS:
        a = numpy_array(seed, n)
        arr = np.array(a, dtype=np.float64)
        total = float(np.sum(arr))
        mean = float(np.mean(arr))
        naive = 0.0
        for x in a:
            naive += x
        sum_cases += 1
        differs = naive != total
        naive_differs += differs
        print("row(%d, %d, %s, %s),%s" % (seed, n, bits(total), bits(mean),
                                          " // naive left-to-right sum differs" if differs else ""))
print("// %d arrays; naive left-to-right summation differs from np.sum for %d of them"
      % (sum_cases, naive_differs))
assert naive_differs > 0

section("np.sum / np.mean signs of zero")
for a in ([], [-0.0], [-0.0, -0.0], [-0.0] * 9, [0.0, -0.0]):
    arr = np.array(a, dtype=np.float64)
    with np.errstate(all="ignore"):
        import warnings
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            mean = float(np.mean(arr))
    print("// %r: np.sum = %r (%s), np.mean = %r" % (a, float(np.sum(arr)), bits(np.sum(arr)), mean))

# ---------------------------------------------------------------- 7. pandas read_csv
section("PythonFormat.pandasParse: pd.read_csv (C engine, default float_precision)")
PANDAS_TEXTS = [
    "0.008047186448715733", "-0.009302258491516113", "0.614113450050354",
    "3.304237397851184e-05", "1e-05", "1.0", "0.0", "-0.0", "123456789012345678901",
    "0.1", "0.30000000000000004", "2.2250738585072014e-308", "1.7976931348623157e+308",
    "0.00012345678901234567", "1.2345678901234567e-07", "5e-324", "100", "-42.5E+3",
]
rng = random.Random(11)
picked = 0
while picked < 6:  # 17 significant digits after leading zeros: 0.00ddddddddddddddddd
    x = rng.uniform(0.0001, 0.01)
    digits = repr(x).split("e")[0].replace("-", "").replace(".", "").lstrip("0")
    if "e" not in repr(x) and len(digits) == 17:
        PANDAS_TEXTS.append(repr(x))
        picked += 1
for _ in range(5):
    PANDAS_TEXTS.append(repr(rng.uniform(-1, 1) * 10 ** rng.randint(-8, 8)))
for _ in range(4):
    PANDAS_TEXTS.append(repr(float(np.float32(rng.uniform(-0.05, 0.05)))))

frame = pd.read_csv(io.StringIO("x\n" + "\n".join(PANDAS_TEXTS) + "\n"), dtype={"x": np.float64})
pandas_differs = 0
for text, value in zip(PANDAS_TEXTS, frame["x"]):
    # one value per file, default dtype: the same float unless pandas keeps the column as text
    single = pd.read_csv(io.StringIO("x\n" + text + "\n"))["x"][0]
    if isinstance(single, str):
        note = " // default dtype: str; dtype=float64 gives this"
    else:
        assert bits(single) == bits(value), text
        note = ""
    if float(text) != value:
        pandas_differs += 1
        note += " // float(text) is %s" % bits(float(text))
    print("row(%s, %s),%s" % (java_str(text), bits(value), note))
print("// %d texts; pandas' value differs from float(text) for %d of them"
      % (len(PANDAS_TEXTS), pandas_differs))
