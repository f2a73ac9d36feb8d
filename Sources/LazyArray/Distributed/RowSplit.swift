/// How the rows (axis 0) of a global array are dealt to the ranks: balanced contiguous blocks,
/// the first `rows % ranks` ranks holding one row more, in rank order.
///
/// Every rank computes the same split from the global row count alone, so no rank has to ask
/// another where a row lives. Ranks may hold zero rows when there are fewer rows than ranks.
/// Heat equivalent: `comm.chunk(shape, split=0)`; mpi4py users write the same arithmetic by hand.
public struct RowSplit: Equatable, Hashable, Sendable {
    /// The number of rows of the global array.
    public let rows: Int
    /// The number of ranks the rows are dealt to.
    public let ranks: Int

    /// The split of `rows` rows over `ranks` ranks (`rows >= 0`, `ranks >= 1`).
    public init(rows: Int, ranks: Int) {
        precondition(rows >= 0 && ranks >= 1, "RowSplit needs rows >= 0 and ranks >= 1, got \(rows) and \(ranks)")
        self.rows = rows
        self.ranks = ranks
    }

    /// The number of rows `rank` holds: `rows / ranks`, plus one for the first `rows % ranks` ranks.
    public func count(of rank: Int) -> Int { rows / ranks + (rank < rows % ranks ? 1 : 0) }

    /// The global index of `rank`'s first row.
    public func offset(of rank: Int) -> Int { rank * (rows / ranks) + Swift.min(rank, rows % ranks) }

    /// The global rows `rank` holds.
    public func range(of rank: Int) -> Range<Int> { offset(of: rank)..<(offset(of: rank) + count(of: rank)) }

    /// Every rank's row count, in rank order.
    public var counts: [Int] { (0..<ranks).map(count(of:)) }
}
