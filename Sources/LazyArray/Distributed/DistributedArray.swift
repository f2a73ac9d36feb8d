/// An array spread over the processes of a ``Communicator``: each rank holds one lazy
/// ``NDArray`` block of rows (axis 0), or the whole array when it is replicated.
///
/// A sharded array splits axis 0 into balanced contiguous blocks (``RowSplit``); every rank
/// knows the global shape, the split and so every rank's offset, without asking. Elementwise
/// operations, broadcasting with replicated arrays, reductions along other axes, softmax along
/// the last axis and `matmul` with a replicated right operand run on the local block alone, as
/// lazy graphs that fuse exactly as on one machine. Reductions along axis 0 or over all axes
/// reduce locally and combine across ranks with one collective, and give a replicated array.
/// ``gathered()`` and ``toRoot()`` bring whole arrays together. See docs/distributed.md for
/// what crosses the network.
///
/// Operations that communicate `throw`: every rank must call them in the same order (they are
/// collectives); a mismatch or a failure on any rank throws on every rank. Operations that do
/// not communicate report shape errors like `NDArray` operators (a trap, or a thrown error
/// inside ``NDArray/checking(_:)``), and since every rank checks the same global shapes, every
/// rank reports the same error.
///
/// Heat equivalent: `ht.DNDarray` with `split=0` (sharded) or `split=None` (replicated);
/// mpi4py users hand-write the same blocks and `Allreduce` calls.
public struct DistributedArray {
    /// The processes the array is spread over.
    public let communicator: any Communicator
    /// This rank's rows of the array (the whole array when replicated). Lazy like any `NDArray`.
    /// Heat: `x.larray`.
    public let local: NDArray
    /// The shape of the whole array. Heat: `x.gshape`.
    public let globalShape: [Int]
    /// How the rows are dealt to the ranks, or nil when every rank holds the whole array.
    /// Heat: `x.split` (0 or None) and `x.lshape_map`.
    public let split: RowSplit?

    init(local: NDArray, globalShape: [Int], split: RowSplit?, communicator: any Communicator) {
        self.local = local
        self.globalShape = globalShape
        self.split = split
        self.communicator = communicator
    }

    /// Each rank keeps its block of the rows of `global` (a lazy view: only those rows are
    /// computed or read when `global` is itself lazy). Heat: `ht.array(a, split=0)`.
    public init(scattering global: NDArray, over communicator: any Communicator) {
        guard global.ndim > 0 else {
            let error = LazyArrayError("scatter", "a 0-d array has no rows to split; replicate it instead")
            self.init(replicating: NDArray.failed(error, shape: [], dtype: global.dtype), over: communicator)
            return
        }
        let split = RowSplit(rows: global.shape[0], ranks: communicator.size)
        self.init(local: global[split.range(of: communicator.rank)], globalShape: global.shape, split: split, communicator: communicator)
    }

    /// Every rank holds the whole of `array` (weights, biases, statistics).
    /// Heat: `ht.array(a, split=None)`.
    public init(replicating array: NDArray, over communicator: any Communicator) {
        self.init(local: array, globalShape: array.shape, split: nil, communicator: communicator)
    }

    /// True when the rows are split over the ranks, false when every rank holds the whole array.
    public var isSharded: Bool { split != nil }
    /// This process's rank. mpi4py: `comm.rank`.
    public var rank: Int { communicator.rank }
    /// The global index of this rank's first row (0 when replicated).
    public var rowOffset: Int { split?.offset(of: rank) ?? 0 }
    /// The element type. NumPy: `a.dtype`.
    public var dtype: DType { local.dtype }
    /// The number of dimensions of the whole array. NumPy: `a.ndim`.
    public var ndim: Int { globalShape.count }

    /// Evaluates this rank's block (no communication) and returns the array.
    /// NumPy has no equivalent (it is eager); JAX: `x.block_until_ready()`.
    @discardableResult
    public func evaluate() -> DistributedArray {
        local.evaluate()
        return self
    }

    /// A sharded array with the same split whose block is `local`.
    func sharded(_ local: NDArray, globalShape: [Int]) -> DistributedArray {
        DistributedArray(local: local, globalShape: globalShape, split: split, communicator: communicator)
    }

    /// A replicated array on the same communicator.
    func replicated(_ array: NDArray) -> DistributedArray {
        DistributedArray(replicating: array, over: communicator)
    }

    /// A placeholder for an operation that failed: reports `error` (a trap outside
    /// ``NDArray/checking(_:)``) and returns this array's shape filled with zeros.
    func failed(_ error: LazyArrayError) -> DistributedArray {
        replicated(NDArray.failed(error, shape: globalShape, dtype: dtype))
    }

    /// An integer code for a dtype, the same on every rank (for ``Communicator/agree(_:on:failure:)``).
    static func code(_ dtype: DType) -> Int { DType.allCases.firstIndex(of: dtype)! }
}
