import Testing
@testable import LazyArray
import Kernels

/// Constants are told apart by their bits (`Scalar`'s equality): a program's constant table, the
/// emitter's memo and the plan cache must keep -0.0 apart from 0.0 and must find a NaN constant
/// again. Before, a NaN constant trapped in `PreparedProgram` (NaN != NaN, so its table lookup
/// failed) and `x * -0.0` beside `x * 0.0` in one kernel read the first zero for both.
/// Bitwise against eager: a product with a constant rounds the same way on every path.
@Suite(.timeLimit(.minutes(10))) struct ConstantIdentityTests {
    static let specials: [Double] = [.nan, 0, -0.0, .infinity, -.infinity, 1, -1, 2.5]

    /// Every ordered pair of special constants in one kernel, `x * c1 + where(x > 0, c2, x)` and
    /// `x * c2`, for both float dtypes: fused equals eager bit for bit (and OpenMP, when it runs).
    @Test(arguments: [DType.float32, .float64])
    func everyPairOfSpecialConstantsKeepsItsBits(dtype: LazyArray.DType) throws {
        let x = makeArray([3, -2, 0, -0.0, .nan, .infinity, 0.5], dtype: dtype)
        for first in Self.specials {
            for second in Self.specials {
                let a = x * first + NDArray.where(x .> 0, NDArray.full(x.shape, .float(second), dtype: dtype), x)
                let b = x * second
                let fused = [a, b].map { $0.evaluate().toArray(Double.self) }
                let eager = [a, b].map { $0.evaluate(mode: .eager).toArray(Double.self) }
                #expect(zip(fused, eager).allSatisfy { sameBits($0.0, $0.1) }, "constants \(first), \(second), \(dtype)")
                if Backend.openMP.isAvailable {
                    let compiled = [a, b].map { $0.evaluate(backend: .openMP).toArray(Double.self) }
                    #expect(zip(compiled, eager).allSatisfy { sameBits($0.0, $0.1) }, "OpenMP, constants \(first), \(second), \(dtype)")
                }
            }
        }
    }

    /// NaN replaced by a NaN constant and by the input, as `np.where(np.isnan(x), np.nan, x)`.
    @Test func whereWithANaNConstantEvaluates() {
        let x = NDArray([Float(1), .nan, -3])
        let y = NDArray.where(isnan(x), NDArray.full([3], .float(.nan), dtype: .float32), x * 2)
        let values = y.toArray(Float.self)
        #expect(values[0] == 2 && values[1].isNaN && values[2] == -6)
    }

    /// The same graph with 0.0 and then -0.0 is two plans: a cached plan splats its constants
    /// once, so the second evaluation must not reuse the first's.
    @Test func aCachedPlanIsNotReusedForTheOtherZero() {
        let x = NDArray([Double(1), 2, 3])
        let positive = (x * 0.0).toArray(Double.self)
        let negative = (x * -0.0).toArray(Double.self)
        #expect(positive.allSatisfy { $0 == 0 && $0.sign == .plus })
        #expect(negative.allSatisfy { $0 == 0 && $0.sign == .minus })
    }

    @Test func scalarsAreEqualByBits() {
        #expect(Scalar.float(.nan) == .float(.nan))
        #expect(Scalar.float(0) != .float(-0.0))
        #expect(Set([Scalar.float(.nan), .float(.nan), .float(0), .float(-0.0)]).count == 3)
        #expect(Scalar.int(1) != .float(1))
    }
}
