import Foundation
import Testing
@testable import LazyArray

/// Feeds thousands of corrupted `.npy`, `.npz`, DEFLATE and CSV inputs, made from the fixtures
/// by a fixed-seed generator, to the readers, and holds every outcome to ``IOOracle``'s contract:
/// a decoded array matching its header, or a `LazyArrayError` naming the file and the reason.
/// The archive mutants are rebuilt with right offsets (and, where noted, right CRCs) so they reach
/// the member data, the inflater and the `.npy` parser inside the archive, not only the end
/// record. The coverage-guided counterpart is `fuzz/` (docs/fuzzing.md).
@Suite(.timeLimit(.minutes(10))) struct IOFuzzTests {
    static let npy = IOFixtures.bytes("int64_F_be_v2.npy")
    static let npz = IOFixtures.bytes("arrays.npz")
    static let compressed = IOFixtures.bytes("arrays_compressed.npz")

    /// Checks `outcome` keeps the contract and returns it, so callers can also check which way it went.
    @discardableResult
    func expectContract(_ outcome: IOOracle.Outcome, _ what: @autoclosure () -> String,
                        sourceLocation: SourceLocation = #_sourceLocation) -> IOOracle.Outcome {
        #expect(outcome.violation == nil, "\(what()): \(outcome.violation ?? "")", sourceLocation: sourceLocation)
        return outcome
    }

    /// `count` mutants of `original`: byte flips, overwrites, inserted garbage, and cuts.
    func mutants(of original: [UInt8], count: Int, seed: UInt64) -> [[UInt8]] {
        var rng = SplitMix64(state: seed)
        return (0..<count).map { _ in
            var bytes = original.isEmpty ? [0] : original
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

    @Test func fixturesLoadUnderTheContract() {
        #expect(expectContract(IOOracle.npy(Self.npy), "npy fixture") == .loaded)
        #expect(expectContract(IOOracle.npz(Self.npz), "npz fixture") == .loaded)
        #expect(expectContract(IOOracle.npz(Self.compressed), "compressed npz fixture") == .loaded)
    }

    @Test func truncatedAtEveryLength() {
        for length in 0..<Self.npy.count {
            #expect(expectContract(IOOracle.npy(Array(Self.npy.prefix(length))), "npy cut at \(length)") != .loaded)
        }
        for length in 0..<Self.compressed.count {
            #expect(expectContract(IOOracle.npz(Array(Self.compressed.prefix(length))), "npz cut at \(length)") != .loaded)
        }
    }

    /// Each member's stored or deflated data cut at every length, the archive around it intact:
    /// the inflater or the `.npy` parser must refuse it, never the end-record checks.
    @Test func truncatedMembersInsideIntactArchives() throws {
        for fixture in [Self.npz, Self.compressed] {
            let members = try ZipBuilder.members(of: fixture)
            for (index, member) in members.enumerated() {
                for length in 0..<member.raw.count {
                    var cut = members
                    cut[index].raw = Array(member.raw.prefix(length))
                    if member.method == ZipArchive.stored { cut[index].uncompressedSize = length }
                    let outcome = expectContract(IOOracle.npz(ZipBuilder.archive(cut)), "\(member.name) cut at \(length)")
                    #expect(outcome != .loaded, "\(member.name) cut at \(length)")
                    if case .refused(let reason) = outcome {
                        #expect(reason.contains("member '\(member.name)'"), "\(reason)")
                    }
                }
            }
        }
    }

    @Test func mutatedNPY() {
        for (index, input) in mutants(of: Self.npy, count: 5000, seed: 1).enumerated() {
            expectContract(IOOracle.npy(input), "npy mutant \(index)")
        }
    }

    @Test func mutatedNPZ() {
        for (index, input) in mutants(of: Self.npz, count: 2500, seed: 2).enumerated() {
            expectContract(IOOracle.npz(input), "npz mutant \(index)")
        }
        for (index, input) in mutants(of: Self.compressed, count: 2500, seed: 3).enumerated() {
            expectContract(IOOracle.npz(input), "compressed npz mutant \(index)")
        }
    }

    /// Mutated `.npy` members stored with their CRC recomputed, so every mutant passes the zip
    /// checks and reaches the `.npy` header parser inside the archive.
    @Test func mutatedMembersWithValidCRC() throws {
        let members = try ZipBuilder.members(of: Self.npz)
        var reachedParser = 0
        for (index, member) in members.enumerated() {
            for (number, data) in mutants(of: member.raw, count: 500, seed: 20 + UInt64(index)).enumerated() {
                var mutated = members
                mutated[index] = .stored(member.name, data)
                let outcome = expectContract(IOOracle.npz(ZipBuilder.archive(mutated)), "\(member.name) mutant \(number)")
                if case .refused(let reason) = outcome, !reason.contains("zip") { reachedParser += 1 }
            }
        }
        #expect(reachedParser > members.count * 250, "only \(reachedParser) mutants reached the .npy parser")
    }

    /// Mutated deflate data inside the compressed archive. When the inflater still decodes a
    /// mutant, its CRC is set to what the data gives, so the `.npy` parser sees the result.
    @Test func mutatedDeflateMembers() throws {
        let members = try ZipBuilder.members(of: Self.compressed)
        for (index, member) in members.enumerated() where member.method == ZipArchive.deflated {
            for (number, raw) in mutants(of: member.raw, count: 300, seed: 40 + UInt64(index)).enumerated() {
                var mutated = members
                mutated[index].raw = raw
                if case .success(let data) = Result(catching: { () throws(InflateError) in
                    try Inflate.decompress(raw[...], expectedSize: member.uncompressedSize)
                }) {
                    mutated[index].crc = CRC32.checksum(data)
                }
                expectContract(IOOracle.npz(ZipBuilder.archive(mutated)), "\(member.name) deflate mutant \(number)")
            }
        }
    }

    @Test func mutatedDeflateStreams() throws {
        let fixture = try InflateTests.fixture()
        let size = fixture.original.count
        #expect(fixture.streams.count == InflateTests.labels.count)
        for (index, label) in InflateTests.labels.enumerated() {
            let stream = try #require(fixture.streams[label])
            for (number, input) in mutants(of: stream, count: 1000, seed: 10 + UInt64(index)).enumerated() {
                expectContract(IOOracle.inflate(input[...], expectedSize: size), "stream \(label) mutant \(number)")
            }
            for length in 0..<stream.count {
                let outcome = IOOracle.inflate(stream.prefix(length), expectedSize: size)
                #expect(outcome != .loaded && outcome.violation == nil, "stream \(label) cut at \(length): \(outcome)")
            }
        }
    }

    @Test func mutatedCSV() {
        let table = IOFixtures.bytes("table.csv")
        let quoted = Array("\"1,000\",2\n\"a \"\"b\"\"\",3\n\" 4\n\",\"5\"\r\n6,\"\"\n".utf8)
        for (seed, original) in [(UInt64(60), table), (61, quoted)] {
            for (number, input) in mutants(of: original, count: 1500, seed: seed).enumerated() {
                for (delimiter, missing) in [(Character(","), MissingValuePolicy.nan), (";", .error), ("\t", .fill(-1))] {
                    expectContract(IOOracle.csv(input, delimiter: delimiter, skipHeader: number % 3, missing: missing),
                                   "csv \(seed) mutant \(number) delimiter \(String(reflecting: delimiter))")
                }
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
                let outcome = expectContract(IOOracle.npy(file), "\(descr) \(shape)")
                #expect((outcome == .loaded) == ((shape == "(2, 3)" || shape == "(6,)") && descr.hasSuffix("8")), "\(descr) \(shape)")
            }
        }
    }
}
