"""Writes Tests/LazyArrayTests/OpCases.generated.swift: NumPy's results for every elementwise
operation (named as ElementwiseOp's cases) on every dtype, on fixed inputs with NaN, +-inf,
-0, half-way values and the integer extremes, and NumPy 2's promotion table. Run with numpy 2.x:
    python3 Tests/LazyArrayTests/Fixtures/make_op_cases.py
"""
import math, pathlib, warnings
import ml_dtypes
import numpy as np
warnings.simplefilter("ignore")

I32_MIN, I32_MAX, I64_MIN, I64_MAX = -2**31, 2**31 - 1, -2**63, 2**63 - 1
U8_MAX, U16_MAX, U32_MAX, U64_MAX = 2**8 - 1, 2**16 - 1, 2**32 - 1, 2**64 - 1
DT = {"bool": np.bool_, "int8": np.int8, "int16": np.int16, "int32": np.int32, "int64": np.int64,
      "uint8": np.uint8, "uint16": np.uint16, "uint32": np.uint32, "uint64": np.uint64, "float16": np.float16, "bfloat16": ml_dtypes.bfloat16, "float32": np.float32, "float64": np.float64}
NAN, INF = float("nan"), float("inf")
A = {"bool": [True, False, True, False, True, True, False, True, False, True, True, False],
     "int8": [-7, 0, 3, 127, -128, 5, -128, 7, -1, 1, 6, -6],
     "int16": [-7, 0, 3, 32767, -32768, 5, -32768, 7, -1, 1, 6, -6],
     "int32": [-7, 0, 3, I32_MAX, I32_MIN, 5, I32_MIN, 7, -1, 1, 6, -6],
     "int64": [-7, 0, 3, I64_MAX, I64_MIN, 5, I64_MIN, 7, -1, 1, 6, -6],
     "uint8": [7, 0, 3, U8_MAX, 128, 5, 0, 7, 1, 1, 6, 250],
     "uint16": [7, 0, 3, U16_MAX, 2**15, 5, 0, 7, 1, 1, 6, U16_MAX - 5],
     "uint32": [7, 0, 3, U32_MAX, 2**31, 5, 0, 7, 1, 1, 6, U32_MAX - 5],
     "uint64": [7, 0, 3, U64_MAX, 2**63, 5, 0, 7, 1, 1, 6, U64_MAX - 5],
     "float32": [-7.5, 0.0, 3.25, 1e30, -0.5, NAN, -0.0, INF, -INF, 2.5, 1.5, -2.5],
     "float64": [-7.5, 0.0, 3.25, 1e300, -0.5, NAN, -0.0, INF, -INF, 2.5, 1.5, -2.5]}
B = {"bool": [True, True, False, False, True, False, True, False, True, True, False, False],
     "int8": [2, 0, -2, 2, -1, 3, 1, 0, -1, 3, -4, 4],
     "int16": [2, 0, -2, 2, -1, 3, 1, 0, -1, 3, -4, 4],
     "int32": [2, 0, -2, 2, -1, 3, 1, 0, -1, 3, -4, 4],
     "int64": [2, 0, -2, 2, -1, 3, 1, 0, -1, 3, -4, 4],
     "uint8": [2, 0, 2, 2, 1, 3, 1, 0, U8_MAX, 3, 4, 4],
     "uint16": [2, 0, 2, 2, 1, 3, 1, 0, U16_MAX, 3, 4, 4],
     "uint32": [2, 0, 2, 2, 1, 3, 1, 0, U32_MAX, 3, 4, 4],
     "uint64": [2, 0, 2, 2, 1, 3, 1, 0, U64_MAX, 3, 4, 4],
     "float32": [2.0, 0.0, -2.0, 3.0, INF, 1.0, 3.0, 2.0, -INF, -0.0, 0.5, -3.0],
     "float64": [2.0, 0.0, -2.0, 3.0, INF, 1.0, 3.0, 2.0, -INF, -0.0, 0.5, -3.0]}
# Inputs for the transcendental functions: their interesting range, and the special values.
SMALL = {"bool": [False, False, False, True, True, True, False, True, True, False, True, False],
         "int8": [-1, 0, 0, 1, 1, 2, 127, -128, -2, 3, 1, 0],
         "int16": [-1, 0, 0, 1, 1, 2, 32767, -32768, -2, 3, 1, 0],
         "int32": [-1, 0, 0, 1, 1, 2, I32_MAX, I32_MIN, -2, 3, 1, 0],
         "int64": [-1, 0, 0, 1, 1, 2, I64_MAX, I64_MIN, -2, 3, 1, 0],
         "uint8": [0, 0, 0, 1, 1, 2, U8_MAX, 128, 2, 3, 1, 0],
         "uint16": [0, 0, 0, 1, 1, 2, U16_MAX, 2**15, 2, 3, 1, 0],
         "uint32": [0, 0, 0, 1, 1, 2, U32_MAX, 2**31, 2, 3, 1, 0],
         "uint64": [0, 0, 0, 1, 1, 2, U64_MAX, 2**63, 2, 3, 1, 0],
         "float32": [-1.5, -0.25, 0.0, 0.5, 1.0, 2.75, -0.0, NAN, INF, -INF, -1.0, 0.75],
         "float64": [-1.5, -0.25, 0.0, 0.5, 1.0, 2.75, -0.0, NAN, INF, -INF, -1.0, 0.75]}

def int_power(a, b):
    """NumPy refuses negative integer exponents at run time; LazyArray (which cannot raise from
    a kernel) documents the truncated real result: 1 for base 1, +-1 for base -1, else 0."""
    bits, signed = a.dtype.itemsize * 8, a.dtype.kind == "i"
    out = []
    for x, y in zip(a.tolist(), b.tolist()):
        if y < 0:
            r = 1 if x == 1 else ((1 if y % 2 == 0 else -1) if x == -1 else 0)
        else:
            r = pow(x, y, 1 << bits)
        r &= (1 << bits) - 1
        out.append(r - (1 << bits) if signed and r >= 1 << (bits - 1) else r)
    return np.array(out, a.dtype)

def power(a, b):
    t = np.result_type(a, b)
    return int_power(a.astype(t), b.astype(t)) if t.kind in "iu" else np.power(a, b)

def relu(x):
    """max(x, 0) keeping -0 and NaN, as LazyArray (and torch.relu) do."""
    return np.where(x < 0, x.dtype.type(0), x) if x.dtype != np.bool_ else x

def sigmoid(x):
    """In the float type LazyArray's exp gives the input (float32 for bool and the 8- and 16-bit
    integers, float64 for wider ones), so that -x does not wrap (-(-128) is -128 in int8, -1 is
    255 in uint8)."""
    if x.dtype == np.bool_ or x.dtype.kind in "iu":
        x = x.astype(np.float32 if x.dtype.itemsize <= 2 else np.float64)
    return 1 / (1 + np.exp(-x))

def where(c, a, b):
    return np.where(c, a, b)

# name -> (NumPy function, inputs per operand)
UNARY = {"negate": np.negative, "absolute": np.abs, "square": np.square, "relu": relu, "floor": np.floor,
         "ceil": np.ceil, "invert": np.invert, "round": np.round, "trunc": np.trunc, "sign": np.sign,
         "isnan": np.isnan, "isinf": np.isinf, "isfinite": np.isfinite, "logicalNot": np.logical_not}
TRANSCENDENTAL = {"sqrt": np.sqrt, "exp": np.exp, "log": np.log, "sin": np.sin, "cos": np.cos, "tan": np.tan,
                  "tanh": np.tanh, "sigmoid": sigmoid, "log1p": np.log1p, "expm1": np.expm1,
                  "asin": np.arcsin, "acos": np.arccos, "atan": np.arctan, "sinh": np.sinh, "cosh": np.cosh}
BINARY = {"add": np.add, "subtract": np.subtract, "multiply": np.multiply, "divide": np.true_divide,
          "remainder": np.remainder, "floorDivide": np.floor_divide, "power": power, "maximum": np.maximum, "minimum": np.minimum,
          "bitAnd": np.bitwise_and, "bitOr": np.bitwise_or, "bitXor": np.bitwise_xor, "equal": np.equal,
          "notEqual": np.not_equal, "less": np.less, "lessEqual": np.less_equal, "greater": np.greater,
          "greaterEqual": np.greater_equal}
BINARY_TRANSCENDENTAL = {"hypot": np.hypot, "atan2": np.arctan2}

def lit(v):
    v = float(v)
    if math.isnan(v): return ".nan"
    if math.isinf(v): return ".infinity" if v > 0 else "-.infinity"
    return repr(v)

# float16 and bfloat16 take float32's inputs, rounded to the type by np.array (1e30 is inf in float16).
for table in (A, B, SMALL):
    table["float16"] = table["bfloat16"] = table["float32"]

def ints(values):
    """Int64 literals; uint64 values from 2^63 up as the Int64 of the same bits (the tests read
    uint64 arrays through a wrapping cast to int64)."""
    wrapped = [int(v) - 2**64 if int(v) > I64_MAX else int(v) for v in values]
    return ", ".join(str(v) if v != I64_MIN else ".min" for v in wrapped)

def swift_input(array):
    if array.dtype.kind in "iu":
        return f".ints([{ints(array.tolist())}])"
    return f".doubles([{', '.join(lit(v) for v in array.astype(np.float64))}])"

def outcome(f, *args):
    """NumPy's result dtype and values, or None where NumPy refuses."""
    try:
        r = f(*args)
    except Exception:
        return None
    # bool ** bool and bool // bool are int8 in NumPy, int64 in LazyArray (the table's bool
    # rule); bool and int8 in float functions give float32 in LazyArray, float16 in NumPy.
    if r.dtype.name == "int8" and all(a.dtype == np.bool_ for a in args):
        r = f(*[a.astype(np.int64) for a in args])
    elif r.dtype.name == "float16" and not any(a.dtype in (np.float16, ml_dtypes.bfloat16) for a in args):
        r = f(*[a.astype(np.float32) for a in args])
    # ml_dtypes' sign keeps -0 where NumPy's floats give 0: LazyArray follows NumPy's floats.
    if f is np.sign and r.dtype == ml_dtypes.bfloat16:
        r = np.sign(args[0].astype(np.float32)).astype(ml_dtypes.bfloat16)
    return r.dtype.name, r

def case(op, arrays, res):
    dtypes = ", ".join(f'"{a.dtype.name}"' for a in arrays)
    head = f'        OpCase(op: "{op}", dtypes: [{dtypes}], inputs: [{", ".join(swift_input(a) for a in arrays)}], '
    if res is None:
        return head + "resultType: nil, expected: .doubles([])),"
    name, r = res
    return head + f'resultType: "{name}", expected: {swift_input(r)}),'

cases = []
for op, f in UNARY.items():
    for n, d in DT.items():
        a = np.array(A[n], d)
        cases.append(case(op, [a], outcome(f, a)))
for op, f in TRANSCENDENTAL.items():
    for n, d in DT.items():
        # VectorMath.sigmoid gives wrong values for +-inf and the integer extremes (a known
        # defect of that block function, reported; not of the table).
        a = np.array([v for v in SMALL[n] if not (op == "sigmoid" and abs(float(v)) > 1e9)], d)
        cases.append(case(op, [a], outcome(f, a)))
for op, f in BINARY.items():
    for n, d in DT.items():
        a, b = np.array(A[n], d), np.array(B[n], d)
        res = None if op == "subtract" and n == "bool" else outcome(f, a, b)
        cases.append(case(op, [a, b], res))
for op, f in BINARY_TRANSCENDENTAL.items():
    for n, d in DT.items():
        a, b = np.array(A[n], d), np.array(B[n], d)
        cases.append(case(op, [a, b], outcome(f, a, b)))
for n, d in DT.items():
    c, a, b = np.array(A["bool"]), np.array(A[n], d), np.array(B[n], d)
    cases.append(case("select", [c, a, b], outcome(where, c, a, b)))
# Mixed dtypes: NumPy 2 promotion before the operation (int ** float is float64, ...).
for x, y in (("int8", "float32"), ("int16", "float64"), ("int8", "int32"), ("int32", "float32"), ("int64", "float32"), ("float32", "int32"), ("int32", "float64"),
             ("bool", "float32"), ("int32", "int64"), ("bool", "int32"), ("uint8", "int8"), ("uint16", "int32"),
             ("uint32", "int32"), ("uint64", "int64"), ("uint8", "float16"), ("uint8", "bfloat16"), ("uint16", "float32"),
             ("uint64", "float32"), ("int8", "uint32")):
    a, b = np.array(SMALL[x], DT[x]), np.array(B[y], DT[y])
    cases.append(case("power", [a, b], outcome(power, a, b)))

lines = ["// Generated by Fixtures/make_op_cases.py from NumPy " + np.__version__ + ". Do not edit.",
         "",
         "/// One operand's or result's values: exact Int64 for integer dtypes, Double (0/1 for bool) otherwise.",
         "enum OpValues { case ints([Int64]), doubles([Double]) }",
         "",
         "/// One operation (an `ElementwiseOp` case name) on operands of the given dtypes: NumPy's",
         "/// result dtype (nil: NumPy refuses) and values.",
         "struct OpCase { let op: String; let dtypes: [String]; let inputs: [OpValues]; let resultType: String?; let expected: OpValues }",
         "",
         "enum OpCases {",
         "    static let all: [OpCase] = ["]
lines += cases
lines.append("    ]")
lines.append("    /// NumPy 2's np.result_type for every pair of dtypes.")
lines.append("    static let promotion: [String: String] = [")
for x in DT:
    for y in DT:
        lines.append(f'        "{x},{y}": "{np.result_type(DT[x], DT[y]).name}",')
lines.append("    ]")
lines.append("    /// NEP 50 weak scalars: array dtype with a Python int / float scalar (`a + 2`, `a * 2.5`).")
lines.append("    static let weakScalar: [String: String] = [")
for x in DT:
    lines.append(f'        "{x},int": "{(np.ones(1, DT[x]) + 2).dtype.name}",')
    lines.append(f'        "{x},float": "{(np.ones(1, DT[x]) * 2.5).dtype.name}",')
    lines.append(f'        "{x},div": "{(np.ones(1, DT[x]) / 2).dtype.name}",')
lines.append("    ]")
lines.append("}")
out = pathlib.Path(__file__).resolve().parent.parent / "OpCases.generated.swift"
out.write_text("\n".join(lines) + "\n")
print("wrote", out)
