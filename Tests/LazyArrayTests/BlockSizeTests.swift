import Testing
@testable import LazyArray
import Kernels

/// How long the block VM's blocks are (`PreparedProgram.blockElements`): 1024 elements for a
/// one-pass program or one whose arrays fit `BlockVM.cacheResidentBytes`, 256 for a program of
/// several passes streaming more than that from memory; the results are the same bits either way.
@Suite(.timeLimit(.minutes(10))) struct BlockSizeTests {
    static func blockElements(_ array: NDArray) -> [Int] {
        NDArray.plan([array])!.kernels.compactMap(\.programKernel).map(\.prepared.blockElements)
    }

    /// `2a³ + 3b² - 4ab + 1` on float32, whose arrays are 12 bytes per element: 2^20 elements
    /// (12 MiB) stay in cache, 2^21 (24 MiB) are streamed.
    @Test func blocksFollowTheBytesAProgramMoves() {
        let polynomial = { (a: NDArray, b: NDArray) in 2 * a * a * a + 3 * b * b - 4 * a * b + 1 }
        for (count, expected) in [(1 << 20, BlockVM.blockSize), (1 << 21, BlockVM.multiPassBlockSize)] {
            let a = makeArray((0..<count).map { Double($0 % 97) / 16 - 3 }, dtype: .float32)
            let b = makeArray((0..<count).map { Double($0 % 89) / 8 - 5 }, dtype: .float32)
            NDArray.evaluate([a, b])
            #expect(count * 12 <= BlockVM.cacheResidentBytes || expected == BlockVM.multiPassBlockSize)
            #expect(Self.blockElements(polynomial(a, b)) == [expected], "\(count) elements")
            #expect(Self.blockElements(a + 1) == [BlockVM.blockSize], "one pass, \(count) elements")
            let fused = polynomial(a, b).toArray(Float.self)
            #expect(fused == polynomial(a, b).evaluate(mode: .eager).toArray(Float.self), "\(count) elements")
        }
    }
}
