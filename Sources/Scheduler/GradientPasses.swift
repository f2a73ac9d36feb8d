/// Which passes of a gradient a kernel's work belongs to: the forward pass (everything not built
/// by a backward pass, the user's own code included), the backward pass (`GraphNode.isBackward`),
/// or both when the planner fused them. `Plan.explain()` prints it for the kernels of a graph
/// with backward work.
package struct GradientPasses: OptionSet, Sendable {
    package let rawValue: UInt8
    package init(rawValue: UInt8) { self.rawValue = rawValue }

    package static let forward = GradientPasses(rawValue: 1)
    package static let backward = GradientPasses(rawValue: 2)

    /// The pass of a node.
    package init(_ node: GraphNode) { self = node.isBackward ? .backward : .forward }

    /// How `explain()` names these passes: "forward", "backward", "forward and backward" (a
    /// kernel computes at least one node, so none is empty).
    package var label: String {
        switch (contains(.forward), contains(.backward)) {
        case (true, true): "forward and backward"
        case (false, true): "backward"
        case (true, false), (false, false): "forward"
        }
    }
}
