import Kernels

/// An array's element type: `bool`, `int32`, `int64`, `float32` or `float64`.
///
/// NumPy equivalent: `numpy.dtype` (`np.float32`, ...). The type is defined next to the kernels
/// that store it; this alias is how programs that `import LazyArray` name it.
public typealias DType = Kernels.DType
