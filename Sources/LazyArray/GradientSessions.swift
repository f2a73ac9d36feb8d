import Kernels
import Scheduler

/// What the engine knows about the gradients being taken (`grad`, `valueAndGrad`, `vjp`), held in
/// `EngineState` under the engine's lock.
///
/// A gradient is a walk from the function's output back to its inputs through the nodes'
/// inputs. An evaluated node normally drops its inputs (so the graph behind it can be freed),
/// which would make a value the function evaluated part way (a `print`, a mask, an explicit
/// `evaluate`) look like a constant. So the evaluations made while a gradient is taken on their
/// task (`EvaluationScope.takingGradient`) keep their nodes' inputs, until the last session
/// ends. The cost falls on those evaluations only: one flag handed to each publish otherwise,
/// nothing on building nodes. (An evaluation on another thread that is not a child task of the
/// transformation frees as usual; sharing the function's unevaluated arrays with one while the
/// gradient is taken would hide their structure.)
struct GradientSessions {
    /// How many gradient transformations are running, on every thread (nested ones count each):
    /// the tables below live until the last ends.
    var active = 0
    /// Nodes evaluated in a session, which kept their inputs until the last one ends.
    var kept: [Node] = []
    /// The nodes `stopGradient` made while a session ran, retained so that no other node can
    /// take their identifier while it might still be looked up.
    var stopped: [ObjectIdentifier: Node] = [:]
    /// The results of barriers (gathers, masks, placements: evaluated now and copied on the CPU)
    /// made while a session ran, with what they read and their derivative: a gradient through
    /// one without a derivative is an error naming it, not a silent constant.
    var barriers: [ObjectIdentifier: Barrier] = [:]

    /// A barrier's result, its operation's name, the arrays it read, and its derivative when it
    /// has one: the cotangents of `inputs`, in order, from the result's cotangent, built out of
    /// lazy operations (the positions a gather read are constants of it), so building a
    /// gradient through a barrier evaluates nothing.
    struct Barrier {
        let operation: String
        let result: Node
        let inputs: [Node]
        let derivative: (@Sendable (NDArray) -> [NDArray])?
    }
}

extension Engine {
    /// Starts a gradient session.
    func beginGradient() { state.withLock { $0.gradients.active += 1 } }

    /// Ends a gradient session; the last one to end lets the nodes evaluated meanwhile drop
    /// their inputs (released after the lock, as `publish` does).
    func endGradient() {
        let released = state.withLock { state -> (GradientSessions, [NodeInputs])? in
            state.gradients.active -= 1
            guard state.gradients.active == 0 else { return nil }
            let ended = state.gradients
            state.gradients = GradientSessions()
            return (ended, ended.kept.map { $0.dropInputs(state) })
        }
        withExtendedLifetime(released) {}
    }
}

extension NDArray {
    /// `result` of the barrier `operation` over `inputs`, recorded when a gradient is being taken
    /// so that the backward pass can go through it with `derivative` (the cotangents of `inputs`
    /// from the result's), or name it when it has none (`Backpropagation`). The derivative is
    /// kept only then: outside gradients a barrier pays one task-local read.
    static func barrier(_ result: NDArray, operation: String, inputs: [NDArray],
                        derivative: (@Sendable (NDArray) -> [NDArray])? = nil) -> NDArray {
        guard EvaluationScope.current.takingGradient else { return result }
        Engine.shared.state.withLock { state in
            state.gradients.barriers[ObjectIdentifier(result.node)] =
                GradientSessions.Barrier(operation: operation, result: result.node, inputs: inputs.map(\.node), derivative: derivative)
        }
        return result
    }

    /// A new node with this array's value: a reshape to its own shape, which costs nothing when
    /// evaluated. A gradient's inputs and `stopGradient`'s results are such nodes, told apart
    /// from every other by their identity.
    var identityNode: NDArray { NDArray(.view(.reshape(shape)), dtype: dtype, shape: shape, input: self) }
}
