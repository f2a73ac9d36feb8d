import Testing
@testable import LazyArray
import Kernels

/// Kernels that read an input across its rows (a transpose) run in tiles
/// (KernelProgram+Tiles.swift): the same values as the eager reference, bitwise, whatever the
/// remainder strips and the thread count. A transpose alone gives its result its own layout
/// and is read contiguously (InheritedLayoutTests), so these mix it with row-major operands.
@Suite(.serialized, .timeLimit(.minutes(10))) struct TiledIterationTests {
    /// Float32 values of `shape` that are not symmetric under a transpose.
    private func input(_ shape: [Int]) -> NDArray {
        NDArray((0..<shape.reduce(1, *)).map { Float($0 % 1013) * 0.37 - 9 }, shape: shape).evaluate()
    }

    @Test func transposedInputsAreTiled() {
        let x = input([150, 100])
        let y = x.T + input([100, 150])
        let kernel = NDArray.plan([y])!.kernels[0]
        let regions = try! #require(kernel.programKernel?.program.tiledRegions())
        // Whole tiles, the right strip, the bottom strip; together they cover every element once.
        #expect(regions.map(\.shape) == [[1, 2, 64, 64], [64, 22], [36, 150]])
        #expect(regions.map(\.count).reduce(0, +) == 100 * 150)
        // A contiguous input, a transpose alone (its result is laid out as it is), and a
        // column view are never tiled.
        #expect(NDArray.plan([x + 1])!.kernels[0].programKernel?.program.tiledRegions() == nil)
        #expect(NDArray.plan([x.T + 1])!.kernels[0].programKernel?.program.tiledRegions() == nil)
        #expect(NDArray.plan([x[.all, 3] + 1])!.kernels[0].programKernel?.program.tiledRegions() == nil)
    }

    @Test(arguments: [[64, 64], [65, 130], [200, 70], [3, 70, 90], [128, 63]])
    func tiledKernelsMatchEagerBitwise(shape: [Int]) {
        let x = input(shape)
        let row = input([shape[0]])
        let other = input(Array(shape.reversed()))
        let build = { x.T * 2 - row + sqrt(abs(x.T)) + other }
        if shape.prefix(2).allSatisfy({ $0 >= KernelProgram.tileSide }) {   // the last two axes of x.T
            #expect(NDArray.plan([build()])!.kernels[0].programKernel?.prepared.tiledRegionShapes != nil)
        }
        let eager = build().evaluate(mode: .eager).toArray(Float.self)
        for threads in [1, 2, 5] {
            let fused = NDArray.withThreadCount(threads) { build().evaluate(mode: .fused).toArray(Float.self) }
            #expect(fused == eager, "threads \(threads)")
        }
    }

    @Test func transposedSliceWithNegativeStepsMatchesEager() {
        let x = input([90, 80])
        let build = { x[.slice(step: -1), .slice(1, nil, step: 2)].T * 3 + x[.all, ..<40].T.astype(.float64) }
        let fused = build().evaluate(mode: .fused).toArray(Double.self)
        #expect(fused == build().evaluate(mode: .eager).toArray(Double.self))
    }
}
