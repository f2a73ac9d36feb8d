/// What ``NDArray/loadCSV(_:delimiter:skipHeader:columns:dtype:missing:)`` does with a missing
/// field. A field is missing when it is empty (or only spaces), or is `NA`, `N/A` or `nan` in any
/// capitalization: the markers spreadsheets and pandas write for absent data.
///
/// NumPy equivalent: `np.genfromtxt`'s `missing_values` / `filling_values`.
public enum MissingValuePolicy: Sendable, Equatable {
    /// Missing fields become NaN (the default), as `np.genfromtxt` does for floats.
    case nan
    /// A missing field throws, naming its line and column, as `np.loadtxt` does.
    case error
    /// Missing fields become this value, like `np.genfromtxt(..., filling_values=value)`.
    case fill(Double)
}
