extension Communicator {
    /// Checks that every rank is about to run the same collective on matching data, so that a
    /// mismatch or a failure on one rank throws on every rank instead of leaving the others
    /// waiting in a collective that rank never joins.
    ///
    /// Each rank hashes `descriptor` (the operation's dtype, shapes and parameters) and one
    /// allreduce (max of the hash, of its complement, and of a failure flag) tells every rank
    /// whether all hashes were equal and no rank failed. Then `failure` (this rank's own error)
    /// is thrown if there is one, else an error saying that another rank failed or disagreed.
    /// Costs one 24-byte allreduce. Heat and mpi4py leave this to the user.
    func agree(_ operation: String, on descriptor: [Int], failure: (any Error)? = nil) throws {
        let hash = Self.fingerprint(operation, descriptor)
        var words: [Int64] = [hash, ~hash, failure == nil ? 0 : 1]
        try words.withUnsafeMutableBytes { try allreduce($0.baseAddress!, count: 3, dtype: .int64, op: .max) }
        let agreed = words[0] == ~words[1] && words[2] == 0
        if let failure { throw failure }
        guard agreed else {
            throw LazyArrayError(operation, "rank \(rank) of \(size): another rank \(words[2] != 0 ? "failed" : "holds a different shape, dtype or parameters (this rank: \(descriptor))") before this collective")
        }
    }

    /// FNV-1a over the operation name and the descriptor: equal inputs give equal hashes on
    /// every rank (Swift's `Hasher` is seeded per process, so it cannot be used across ranks).
    private static func fingerprint(_ operation: String, _ descriptor: [Int]) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ byte: UInt8) { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        for byte in operation.utf8 { mix(byte) }
        for value in descriptor {
            for shift in stride(from: 0, to: 64, by: 8) { mix(UInt8(truncatingIfNeeded: value >> shift)) }
        }
        return Int64(bitPattern: hash)
    }
}
