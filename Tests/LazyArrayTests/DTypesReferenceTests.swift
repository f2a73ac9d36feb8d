import Foundation
import Testing
import LazyArray

/// NumPy's answers for the int8 and int16 dtypes: `Fixtures/make_dtypes_reference.py` wrote the
/// inputs, results and tolerances (exact, except 2 ulps for sqrt and mean: why in that script's
/// header) into `Fixtures/numpy/dtypes.npz`, and each case's expression into
/// `DTypesReferenceCases.generated.swift`. Cases are `NumPyReference.Case`s, checked by
/// `NumPyReference.check` (same dtype, same shape, element by element).
enum DTypesReference {
    typealias Case = NumPyReference.Case

    static let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/numpy/dtypes.npz").path

    /// The archive, read once with the library's own npz reader.
    static let archive = Result { try NDArray.loadArchive(path) }
}

@Suite(.timeLimit(.minutes(10)))
struct DTypesReferenceTests {
    @Test func archiveHoldsEveryCase() throws {
        let arrays = try DTypesReference.archive.get()
        #expect(DTypesReference.cases.count > 300)
        for (index, c) in DTypesReference.cases.enumerated() {
            #expect(c.inputs.allSatisfy { arrays[$0] != nil } && arrays["\(index)_out"] != nil, "\(c.name)")
        }
    }

    @Test(arguments: DTypesReference.cases.indices)
    func eagerMatchesNumPy(index: Int) throws {
        try NumPyReference.check(DTypesReference.cases[index], index: index, in: try DTypesReference.archive.get(),
                                 mode: .eager, backend: .dispatch)
    }

    @Test(arguments: DTypesReference.cases.indices)
    func fusedMatchesNumPy(index: Int) throws {
        try NumPyReference.check(DTypesReference.cases[index], index: index, in: try DTypesReference.archive.get(),
                                 mode: .fused, backend: .dispatch)
    }

    /// The C target renders the new types' C names, casts (float -> int8 through int32) and
    /// wrapping arithmetic (through uint32_t) itself, so every case runs there too.
    @Test(.enabled(if: openMPAvailable, skipComment), arguments: DTypesReference.cases.indices)
    func openMPMatchesNumPy(index: Int) throws {
        try NumPyReference.check(DTypesReference.cases[index], index: index, in: try DTypesReference.archive.get(),
                                 mode: .fused, backend: .openMP)
    }

    /// Swift arrays of Int8 and Int16 make arrays of those dtypes and read back unchanged.
    @Test func swiftArraysRoundTrip() {
        let a = NDArray([Int8.min, -1, 0, Int8.max], shape: [2, 2])
        #expect(a.dtype == .int8 && a.toArray(Int8.self) == [Int8.min, -1, 0, Int8.max])
        let b = NDArray([Int16.min, 300, Int16.max])
        #expect(b.dtype == .int16 && b.toArray(Int16.self) == [Int16.min, 300, Int16.max])
        #expect(DType.int8.byteSize == 1 && DType.int16.byteSize == 2 && DType.int8.isInteger && !DType.int16.isFloatingPoint)
    }

    /// Printed as NumPy's `str` prints them (`str(np.array([-128, 0, 127], np.int8))`).
    @Test func printsAsNumPy() {
        #expect(NDArray([Int8(-128), 0, 127]).description == "[-128    0  127]")
        #expect(NDArray([Int16.min, 5, 7, Int16.max], shape: [2, 2]).description == "[[-32768      5]\n [     7  32767]]")
    }

    /// NumPy 2 raises OverflowError for a Swift (Python) integer the array's type cannot hold;
    /// LazyArray reports it, naming the op and the dtype.
    @Test func scalarOutOfRangeIsAnError() {
        let small = NDArray([Int8(1), 2])
        #expect(errorMessage { _ = small + 300 } == "[add] Python integer 300 out of bounds for int8")
        #expect(errorMessage { _ = NDArray([Int16(1)]) * -40000 } == "[multiply] Python integer -40000 out of bounds for int16")
        #expect(errorMessage { _ = NDArray([UInt8(1)]) + -1 } == "[add] Python integer -1 out of bounds for uint8")
        #expect(errorMessage { _ = NDArray([UInt16(1)]) - 70000 } == "[subtract] Python integer 70000 out of bounds for uint16")
        // In range, the scalar takes the array's type and the result wraps as NumPy's does.
        #expect((NDArray([UInt8(0), 200]) - 1).toArray(UInt8.self) == [255, 199])
        #expect((NDArray([UInt8(0), 200]) + 100).toArray(UInt8.self) == [100, 44])
    }

    /// `randint` draws unsigned types within their range and refuses negative bounds for them.
    @Test func randintUnsignedTypes() {
        let x = RandomGenerator(seed: 3).randint(0, 256, shape: [1000], dtype: .uint8)
        #expect(x.dtype == .uint8 && x.toArray(Int.self).allSatisfy { (0..<256).contains($0) })
        #expect(Set(x.toArray(Int.self)).count > 200)
        #expect(errorMessage { _ = RandomGenerator(seed: 3).randint(-1, 10, shape: [2], dtype: .uint16) }
                == "[randint] low (-1) must be below high (10) and both fit uint16")
    }

    /// `randint` draws narrow types too, within their range, and refuses bounds they cannot hold.
    @Test func randintNarrowTypes() {
        let x = RandomGenerator(seed: 3).randint(-100, 100, shape: [1000], dtype: .int8)
        #expect(x.dtype == .int8 && x.toArray(Int.self).allSatisfy { (-100..<100).contains($0) })
        #expect(errorMessage { _ = RandomGenerator(seed: 3).randint(0, 300, shape: [2], dtype: .int8) }
                == "[randint] low (0) must be below high (300) and both fit int8")
    }
}
