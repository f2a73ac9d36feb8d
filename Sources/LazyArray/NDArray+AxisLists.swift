// Lists of axes given by a user (a reduction's `axes`, moveaxis' `source`, flip's, tensordot's),
// checked once with the error wording of the NumPy function they come from.
extension NDArray {
    /// `axes` normalized (negative counts from the end) in their order, or the error NumPy's
    /// `normalize_axis_tuple` gives for one out of range or repeated; `argument` names the list.
    func orderedAxes(_ axes: [Int], operation: String, argument: String) -> Result<[Int], LazyArrayError> {
        normalizedAxes(axes, operation: operation, boundsPrefix: "\(argument): ",
                       repeated: "repeated axis in `\(argument)` argument: \(axes)")
    }

    /// `axes` normalized in their order, or the error for the first one out of range (NumPy's
    /// message after `boundsPrefix`) or repeated (`repeated`): each NumPy function words these
    /// its own way.
    func normalizedAxes(_ axes: [Int], operation: String, boundsPrefix: String,
                        repeated: @autoclosure () -> String) -> Result<[Int], LazyArrayError> {
        var resolved: [Int] = []
        for axis in axes {
            guard let position = normalizeAxis(axis, rank: ndim) else {
                return .failure(LazyArrayError(operation, "\(boundsPrefix)axis \(axis) is out of bounds for array of dimension \(ndim)"))
            }
            guard !resolved.contains(position) else { return .failure(LazyArrayError(operation, repeated())) }
            resolved.append(position)
        }
        return .success(resolved)
    }
}
