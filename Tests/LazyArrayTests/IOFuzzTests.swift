import Foundation
import Testing
@testable import LazyArray

/// Feeds thousands of corrupted `.npy` and `.npz` files, made from the fixtures by a fixed-seed
/// generator, to the readers. Each must load or throw `LazyArrayError`: a trap (index out of
/// range, overflow) would crash the test process, and any other error type is recorded.
@Suite struct IOFuzzTests {
    static let npy = IOFixtures.bytes("int64_F_be_v2.npy")
    static let npz = IOFixtures.bytes("arrays.npz")
    static let compressed = IOFixtures.bytes("arrays_compressed.npz")

    /// Runs `body` on `input`; returns whether it loaded (false when it threw LazyArrayError).
    @discardableResult
    func survives(_ input: [UInt8], _ body: ([UInt8]) throws -> Void) -> Bool {
        do {
            try body(input)
            return true
        } catch is LazyArrayError {
            return false
        } catch {
            Issue.record("unexpected error type \(type(of: error)): \(error)")
            return false
        }
    }

    func loadNPY(_ bytes: [UInt8]) throws { _ = try NPYArray(decoding: bytes, context: IOContext(operation: "load", source: "fuzz.npy")) }
    func loadNPZ(_ bytes: [UInt8]) throws { _ = try NPZFormat.decode(bytes, context: IOContext(operation: "loadArchive", source: "fuzz.npz")) }

    /// `count` mutants of `original`: byte flips, overwrites, inserted garbage, and cuts.
    func mutants(of original: [UInt8], count: Int, seed: UInt64) -> [[UInt8]] {
        var rng = SplitMix64(state: seed)
        return (0..<count).map { _ in
            var bytes = original
            for _ in 0...rng.below(4) {
                let position = rng.below(bytes.count)
                switch rng.below(5) {
                case 0: bytes[position] ^= UInt8(1 << rng.below(8))
                case 1: bytes[position] = UInt8(truncatingIfNeeded: rng.next())
                case 2: bytes[position] = [0x00, 0xFF, 0x7F, 0x80][rng.below(4)]
                case 3: bytes.insert(contentsOf: (0..<1 + rng.below(16)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }, at: position)
                default: bytes.removeSubrange(position..<min(bytes.count, position + 1 + rng.below(16)))
                }
                if bytes.isEmpty { bytes = [0] }
            }
            return bytes
        }
    }

    @Test func truncatedAtEveryLength() {
        for length in 0..<Self.npy.count { #expect(!survives(Array(Self.npy.prefix(length)), loadNPY)) }
        for length in 0..<Self.compressed.count { #expect(!survives(Array(Self.compressed.prefix(length)), loadNPZ)) }
        #expect(survives(Self.npy, loadNPY) && survives(Self.compressed, loadNPZ))
    }

    @Test func mutatedNPY() {
        for input in mutants(of: Self.npy, count: 5000, seed: 1) { survives(input, loadNPY) }
    }

    @Test func mutatedNPZ() {
        for input in mutants(of: Self.npz, count: 2500, seed: 2) { survives(input, loadNPZ) }
        for input in mutants(of: Self.compressed, count: 2500, seed: 3) { survives(input, loadNPZ) }
    }

    @Test func mutatedDeflateStreams() {
        let cases = InflateTests.cases.cases.map { [UInt8](Data(base64Encoded: $0.deflated) ?? Data()) }
        for (index, stream) in cases.enumerated() {
            for input in mutants(of: stream, count: 1000, seed: 10 + UInt64(index)) {
                _ = try? Inflate.decompress(input[...], expectedSize: InflateTests.original.count)
            }
        }
    }

    @Test func absurdHeaderShapes() {
        let shapes = ["(9223372036854775807,)", "(4294967296, 4294967296)", "(3037000500, 3037000500)",
                      "(0, 9223372036854775807, 2)", "(1,) * 65", "(" + String(repeating: "2, ", count: 65) + ")",
                      "(1000000000,)", "(2, 3)", "(6,)", "(18446744073709551616,)", "()", "(-6,)", "(6, -1)", "(6.0,)"]
        for shape in shapes {
            for descr in ["<i8", ">f8", "|b1", "<U3", "|O", "<f16"] {
                let header = Array("{'descr': '\(descr)', 'fortran_order': True, 'shape': \(shape), }\n".utf8)
                let file = NPYArray.magic + [1, 0, UInt8(header.count & 0xFF), UInt8(header.count >> 8)] + header
                    + [UInt8](repeating: 1, count: 48)
                let loaded = survives(file, loadNPY)
                #expect(loaded == ((shape == "(2, 3)" || shape == "(6,)") && descr.hasSuffix("8")), "\(descr) \(shape)")
            }
        }
    }
}
