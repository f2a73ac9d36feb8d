import Testing
@testable import LazyArray
import Kernels

/// Every kind of bad input, through `NDArray.checking`, with the exact message.
@Suite(.timeLimit(.minutes(10))) struct ErrorTests {
    static let matrix = NDArray([1, 2, 3, 4, 5, 6], shape: [2, 3])

    @Test func broadcastMismatch() {
        let a = NDArray([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
        let b = NDArray([1.0, 2.0, 3.0, 4.0])
        #expect(errorMessage { _ = a + b }
                == "[add] cannot broadcast (2, 3) with (4,): axis -1 has 3 and 4; sizes must match or be 1")
        do {
            _ = try NDArray.checking { a + b }
            Issue.record("no error thrown")
        } catch let error as LazyArrayError {
            #expect(error.operation == "add")
            #expect(error.reason == "cannot broadcast (2, 3) with (4,): axis -1 has 3 and 4; sizes must match or be 1")
            #expect(error == LazyArrayError("add", "cannot broadcast (2, 3) with (4,): axis -1 has 3 and 4; sizes must match or be 1"))
        } catch {
            Issue.record("wrong error type \(type(of: error))")
        }
    }

    @Test func reshapeErrors() {
        let a = NDArray.arange(6)
        #expect(errorMessage { _ = a.reshape([4, 2]) }
                == "[reshape] cannot reshape array of size 6 with shape (6,) into shape (4, 2)")
        #expect(errorMessage { _ = a.reshape(4, -1) }
                == "[reshape] cannot reshape array of size 6 with shape (6,) into shape (4, -1)")
        #expect(errorMessage { _ = a.reshape([-1, -1]) }
                == "[reshape] cannot reshape array of size 6 with shape (6,) into shape (-1, -1)")
        #expect(errorMessage { _ = a.reshape([0, -1]) }
                == "[reshape] cannot reshape array of size 6 with shape (6,) into shape (0, -1)")
        #expect(errorMessage { _ = a.reshape([-2, -3]) }
                == "[reshape] cannot reshape array of size 6 with shape (6,) into shape (-2, -3)")
        #expect(errorMessage { _ = Self.matrix.reshape([5]) }
                == "[reshape] cannot reshape array of size 6 with shape (2, 3) into shape (5,)")
        #expect(errorMessage { _ = Self.matrix.flatten().reshape([]) }
                == "[reshape] cannot reshape array of size 6 with shape (6,) into shape ()")
        // Valid reshapes raise nothing.
        #expect(errorMessage { _ = a.reshape([3, -1]); _ = a.reshape(1, 6, 1) } == nil)
    }

    @Test func transposeErrors() {
        #expect(errorMessage { _ = Self.matrix.transposed([0, 0]) }
                == "[transpose] axes [0, 0] are not a permutation of the 2 axes of an array of shape (2, 3)")
        #expect(errorMessage { _ = Self.matrix.transposed([0]) }
                == "[transpose] axes [0] are not a permutation of the 2 axes of an array of shape (2, 3)")
        #expect(errorMessage { _ = Self.matrix.transposed([0, 2]) }
                == "[transpose] axes [0, 2] are not a permutation of the 2 axes of an array of shape (2, 3)")
        #expect(errorMessage { _ = Self.matrix.transposed([1, 0, 2]) }
                == "[transpose] axes [1, 0, 2] are not a permutation of the 2 axes of an array of shape (2, 3)")
        #expect(errorMessage { _ = Self.matrix.transposed([-1, 1]) }
                == "[transpose] axes [-1, 1] are not a permutation of the 2 axes of an array of shape (2, 3)")
        #expect(errorMessage { _ = Self.matrix.transposed([-1, -2]) } == nil)
    }

    @Test func expandDimsAndSqueezeErrors() {
        #expect(errorMessage { _ = Self.matrix.expandDims(axis: 3) }
                == "[expand_dims] axis 3 is out of bounds for an array of dimension 3")
        #expect(errorMessage { _ = Self.matrix.expandDims(axis: -4) }
                == "[expand_dims] axis -4 is out of bounds for an array of dimension 3")
        #expect(errorMessage { _ = Self.matrix.expandDims(axis: 2); _ = Self.matrix.expandDims(axis: -3) } == nil)
        #expect(errorMessage { _ = Self.matrix.squeeze(axis: 0) }
                == "[squeeze] cannot select axis 0 of shape (2, 3): it must exist and have length 1")
        #expect(errorMessage { _ = NDArray([1, 2], shape: [1, 2]).squeeze(axis: 2) }
                == "[squeeze] cannot select axis 2 of shape (1, 2): it must exist and have length 1")
        #expect(errorMessage { _ = NDArray([1, 2], shape: [1, 2]).squeeze(axis: -3) }
                == "[squeeze] cannot select axis -3 of shape (1, 2): it must exist and have length 1")
        #expect(errorMessage { _ = NDArray([1, 2], shape: [1, 2]).squeeze(axis: -2) } == nil)
    }

    @Test func broadcastToErrors() {
        let row = NDArray([1, 2, 3])
        #expect(errorMessage { _ = row.broadcast(to: [4]) }
                == "[broadcast_to] cannot broadcast (3,) to (4,): axis -1 has 3 and 4; sizes must match or be 1")
        #expect(errorMessage { _ = row.broadcast(to: [3, 2]) }
                == "[broadcast_to] cannot broadcast (3,) to (3, 2): axis -1 has 3 and 2; sizes must match or be 1")
        #expect(errorMessage { _ = Self.matrix.broadcast(to: [3]) }
                == "[broadcast_to] cannot broadcast (2, 3) to (3,): it has more axes than the target")
        #expect(errorMessage { _ = Self.matrix.broadcast(to: []) }
                == "[broadcast_to] cannot broadcast (2, 3) to (): it has more axes than the target")
    }

    /// broadcast(to:) is one-directional: (3, 1) cannot go to (1, 3) although the two shapes
    /// broadcast together. The message must name the failing axis (axis -2: 3 cannot become 1),
    /// not claim the array has more axes than the target (both have two).
    @Test func broadcastToOneDirectionalMessage() {
        let column = NDArray([1, 2, 3], shape: [3, 1])
        let message = errorMessage { _ = column.broadcast(to: [1, 3]) }
        #expect(message != nil)
        if let message {
            #expect(message.hasPrefix("[broadcast_to] "))
            #expect(message.contains("(3, 1)") && message.contains("(1, 3)"))
            #expect(message.contains("axis -2"), "message: \(message)")
            #expect(!message.contains("more axes"), "message: \(message)")
        }
    }

    @Test func creationErrors() {
        #expect(errorMessage { _ = NDArray([1.0, 2.0, 3.0], shape: [2, 2]) }
                == "[array] 3 values cannot have shape (2, 2)")
        #expect(errorMessage { _ = NDArray([Int32](repeating: 0, count: 7), shape: [7, 0]) }
                == "[array] 7 values cannot have shape (7, 0)")
        #expect(errorMessage { _ = NDArray([Bool](), shape: [-1, 0]) }
                == "[array] 0 values cannot have shape (-1, 0)")
        #expect(errorMessage { _ = NDArray([Float](repeating: 1, count: 2), shape: []) }
                == "[array] 2 values cannot have shape ()")
        #expect(errorMessage { _ = NDArray([[1, 2], [3]]) }
                == "[array] rows have different lengths [2, 1]; a 2-D array needs equal rows")
        #expect(errorMessage { _ = NDArray([[1.0], [2.0, 3.0], [4.0]]) }
                == "[array] rows have different lengths [1, 2, 1]; a 2-D array needs equal rows")
        #expect(errorMessage { _ = NDArray([[[1, 2], [3, 4]], [[5, 6]]]) }
                == "[array] nested arrays have different lengths; a 3-D array needs equal blocks and rows")
        #expect(errorMessage { _ = NDArray([[[1, 2], [3, 4]], [[5, 6], [7]]]) }
                == "[array] nested arrays have different lengths; a 3-D array needs equal blocks and rows")
        #expect(errorMessage { _ = NDArray.zeros([2, -3]) } == "[zeros] negative dimensions are not allowed: (2, -3)")
        #expect(errorMessage { _ = NDArray.ones([-1]) } == "[ones] negative dimensions are not allowed: (-1,)")
        #expect(errorMessage { _ = NDArray.full([-2, 2], 7.0) } == "[full] negative dimensions are not allowed: (-2, 2)")
        #expect(errorMessage { _ = NDArray.eye(-1) } == "[eye] negative dimensions are not allowed: (-1, -1)")
        #expect(errorMessage { _ = NDArray.eye(2, -3) } == "[eye] negative dimensions are not allowed: (2, -3)")
        #expect(errorMessage { _ = NDArray.arange(0, 10, step: 0) } == "[arange] step must not be zero")
        #expect(errorMessage { _ = NDArray.arange(0.0, 1.0, step: 0) }
                == "[arange] start, stop and step must be finite and step nonzero")
        #expect(errorMessage { _ = NDArray.arange(0.0, .infinity, step: 1) }
                == "[arange] start, stop and step must be finite and step nonzero")
        #expect(errorMessage { _ = NDArray.linspace(0, 1, count: -1) } == "[linspace] count must be non-negative, got -1")
        // Zero-size shapes are fine.
        #expect(errorMessage { _ = NDArray.zeros([0, 3]); _ = NDArray([Int](), shape: [2, 0]); _ = NDArray.eye(0) } == nil)
    }

    @Test func itemErrors() {
        #expect(errorMessage { _ = NDArray([1, 2]).item(Int.self) }
                == "[item] can only convert an array of size 1 to a scalar, got shape (2,)")
        #expect(errorMessage { _ = NDArray.zeros([0]).item(Double.self) }
                == "[item] can only convert an array of size 1 to a scalar, got shape (0,)")
        #expect(errorMessage { _ = Self.matrix.item(Int.self) }
                == "[item] can only convert an array of size 1 to a scalar, got shape (2, 3)")
        #expect(errorMessage { _ = NDArray([5], shape: [1, 1, 1]).item(Int.self) } == nil)
    }

    @Test func dtypeErrors() {
        let t = NDArray([true, false])
        #expect(errorMessage { _ = t - t }
                == "[subtract] numpy boolean subtract, the `-` operator, is not supported; use the `^` operator instead")
        #expect(errorMessage { _ = t - true }
                == "[subtract] numpy boolean subtract, the `-` operator, is not supported; use the `^` operator instead")
        #expect(errorMessage { _ = -t }
                == "[negative] the numpy boolean negative, the `-` operator, is not supported; use the `~` operator instead")
        let f = NDArray([1.5, 2.5])
        #expect(errorMessage { _ = f & f }
                == "[bitwise_and] not supported for the input type float64; it needs bool or integer arrays")
        #expect(errorMessage { _ = f | NDArray([1, 2]) }
                == "[bitwise_or] not supported for the input type float64; it needs bool or integer arrays")
        #expect(errorMessage { _ = NDArray([Float(1), 2]) ^ NDArray([true, false]) }
                == "[bitwise_xor] not supported for the input type float32; it needs bool or integer arrays")
        #expect(errorMessage { _ = ~f }
                == "[invert] not supported for the input type float64; it needs bool or integer arrays")
        #expect(errorMessage { _ = NDArray([1, 2]) & 1.5 }
                == "[bitwise_and] not supported for the input type float64; it needs bool or integer arrays")
        // The bool and integer forms are fine.
        #expect(errorMessage { _ = t & t; _ = ~t; _ = NDArray([1, 2]) ^ NDArray([3, 4]); _ = t + t } == nil)
    }

    @Test func scalarOutOfBounds() throws {
        let small = NDArray([Int32(1), 2])
        #expect(errorMessage { _ = small + 3_000_000_000 } == "[add] Python integer 3000000000 out of bounds for int32")
        #expect(errorMessage { _ = 3_000_000_000 * small } == "[multiply] Python integer 3000000000 out of bounds for int32")
        #expect(errorMessage { _ = small - (-3_000_000_000) } == "[subtract] Python integer -3000000000 out of bounds for int32")
        // In bounds, and floats (which promote to float64), raise nothing.
        #expect(errorMessage { _ = small + 2_147_483_647; _ = small + 3e9 } == nil)
        // Comparisons are exact instead (NumPy 2 compares out-of-range Python ints exactly).
        #expect(try NDArray.checking { (small .< 3_000_000_000).toArray(Bool.self) } == [true, true])
    }

    @Test func firstErrorIsThrown() {
        let a = NDArray([1, 2, 3])
        var reachedEnd = false
        let message = errorMessage {
            let bad = a + NDArray([1, 2])                 // first
            _ = bad.reshape([7])                          // second
            _ = NDArray.zeros([-1])                       // third
            _ = NDArray([true]) - NDArray([true])         // fourth
            reachedEnd = true
        }
        #expect(message == "[add] cannot broadcast (3,) with (2,): axis -1 has 3 and 2; sizes must match or be 1")
        #expect(reachedEnd, "the scope runs its body to the end")
        let reversed = errorMessage {
            _ = NDArray.zeros([-1])
            _ = a + NDArray([1, 2])
        }
        #expect(reversed == "[zeros] negative dimensions are not allowed: (-1,)")
    }

    @Test func placeholderKeepsTheBodyRunning() throws {
        // A failed op yields zeros, so reading it inside the scope does not crash.
        var seen: [Int] = []
        #expect(throws: LazyArrayError.self) {
            try NDArray.checking {
                let bad = NDArray([1, 2, 3]) + NDArray([1, 2])
                seen = bad.toArray(Int.self)
            }
        }
        #expect(seen.allSatisfy { $0 == 0 })
    }

    @Test func noErrorReturnsNormally() throws {
        let result = try NDArray.checking {
            (NDArray([[1, 2, 3], [4, 5, 6]]) + NDArray([10, 20, 30])).toArray(Int.self)
        }
        #expect(result == [11, 22, 33, 14, 25, 36])
        let shape = try NDArray.checking { NDArray.arange(12).reshape([3, -1]).T.shape }
        #expect(shape == [4, 3])
        // A scope after a failing scope starts clean.
        #expect(errorMessage { _ = NDArray([1]).reshape([2]) } != nil)
        #expect(try NDArray.checking { NDArray([1]).reshape([1, 1]).shape } == [1, 1])
    }

    /// Outside a checking scope the same error is a trap whose message names the problem.
    @Test func operatorsTrapOutsideTheScope() async throws {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = NDArray([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]) + NDArray([1.0, 2.0, 3.0, 4.0])
        }
        let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("[add] cannot broadcast (2, 3) with (4,): axis -1 has 3 and 4; sizes must match or be 1"))
        await #expect(processExitsWith: .failure) {
            _ = NDArray.arange(6).reshape([4, -1])
        }
    }

    /// Valid NumPy arguments whose intermediate arithmetic overflows Int must not trap.
    /// np.eye(2, k=sys.maxsize) is all zeros.
    @Test func eyeWithHugeDiagonalOffsetDoesNotTrap() async {
        await #expect(processExitsWith: .success) {
            let e = NDArray.eye(2, k: Int.max).toArray(Int.self)
            let f = NDArray.eye(2, k: Int.min).toArray(Int.self)
            if e != [0, 0, 0, 0] || f != [0, 0, 0, 0] { fatalError("wrong values \(e) \(f)") }
        }
    }

    /// np.arange(-2**63, 2**63 - 1, 2**63 - 1) is [-9223372036854775808, -1, 9223372036854775806];
    /// computing the count must not overflow (an error through the scope would also be fine).
    @Test func arangeWithHugeRangeDoesNotTrap() async {
        await #expect(processExitsWith: .success) {
            do {
                let values = try NDArray.checking { NDArray.arange(Int.min, Int.max, step: Int.max).toArray(Int.self) }
                if values != [Int.min, -1, Int.max - 1] { fatalError("wrong values \(values)") }
            } catch {
                print("error: \(error)")
            }
        }
    }

    @Test func errorsInsideConcurrentScopesStayInTheirScope() async {
        await withTaskGroup(of: (Int, String?).self) { group in
            for i in 0..<8 {
                group.addTask {
                    let message = errorMessage {
                        if i % 2 == 0 { _ = NDArray([1, 2, 3]).reshape([i + 4]) }
                        else { _ = NDArray.arange(i).reshape([i]) }
                    }
                    return (i, message)
                }
            }
            for await (i, message) in group {
                if i % 2 == 0 {
                    #expect(message == "[reshape] cannot reshape array of size 3 with shape (3,) into shape (\(i + 4),)")
                } else {
                    #expect(message == nil)
                }
            }
        }
    }
}
