import Kernels

extension NDArray {
    /// LazyArray's rule for the functions of a float16 or bfloat16 array that NumPy computes
    /// step by step in the type (docs/numpy.md): `body` of the array's exact float32 widening,
    /// rounded once to the array's type. Nil for every other dtype, which the caller computes
    /// as usual. NumPy: no equivalent (its float16 loops round every step; JAX computes in
    /// float32 as here).
    func roundedOnceFromFloat32(_ body: (NDArray) -> NDArray) -> NDArray? {
        guard dtype.isHalfPrecision else { return nil }
        return body(astype(.float32)).astype(dtype)
    }
}
