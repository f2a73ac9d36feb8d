import Testing
@testable import LazyArray
@testable import Scheduler
import Kernels

/// The plan cache's key (`Graph`) encodes each operation and dtype by its case's ordinal
/// (`caseOrdinal`, the enum's tag): it must be the case's position among `allCases`, and no two
/// operations may share a cached plan.
@Suite(.timeLimit(.minutes(10))) struct GraphEncodingTests {
    @Test func caseOrdinalsAreThePositionsAmongAllCases() {
        #expect(ElementwiseOp.allCases.enumerated().allSatisfy { caseOrdinal($1) == $0 })
        #expect(ReduceOp.allCases.enumerated().allSatisfy { caseOrdinal($1) == $0 })
        #expect(DType.allCases.enumerated().allSatisfy { caseOrdinal($1) == $0 })
    }

    /// Every binary operation evaluated one after another on the same arrays: a plan cached for
    /// one operation and found for another would give that other's values.
    @Test func everyBinaryOperationGetsItsOwnPlan() {
        let x = NDArray([1.5, -2.25, 3, 0.5]).evaluate(), y = NDArray([0.75, 4, -1.5, 2]).evaluate()
        // The binary operations NumPy defines on float64 (the fixtures say which).
        let defined = Set(OpCases.all.filter { $0.dtypes == ["float64", "float64"] && $0.resultType != nil }.map(\.op))
        let operations = ElementwiseOp.allCases.filter { defined.contains($0.rawValue) }
        #expect(operations.count > 10)
        for op in operations {
            let fused = NDArray.binary(op, x, y).evaluate().toArray(Double.self)
            let eager = NDArray.binary(op, x, y).evaluate(mode: .eager).toArray(Double.self)
            #expect(sameBits(fused, eager), "\(op)")
        }
    }
}
