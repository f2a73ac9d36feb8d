/// A cheap running hash of graph structure: LazyArray's nodes carry one, computed as they are
/// built, so that an evaluate of a structure seen before finds its lowered graph without
/// lowering again (its lowering cache), and the scheduler's `Graph` hashes its flattened
/// structure with it (the plan cache's key). Only a hint: a hit is verified before it is used,
/// so a collision costs one ordinary lowering or planning, never a wrong result.
///
/// Public, in a module users do not import: LazyArray mixes once per node it builds, and Swift
/// inlines across modules only public code (a `package` function stays a call, with a retain
/// and a release of its caller's operands around it; docs/performance.md, "Package access").
public enum StructureFingerprint {
    /// Mixes `value` into `hash` (a multiply-xorshift step: cheap, and order-sensitive).
    @inlinable @inline(__always)
    public static func mix(_ hash: Int, _ value: Int) -> Int {
        let mixed = UInt64(bitPattern: Int64(hash ^ value)) &* 0x9E37_79B9_7F4A_7C15
        return Int(bitPattern: UInt(mixed ^ (mixed >> 29)))
    }
}
