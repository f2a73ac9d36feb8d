import Kernels

extension NDArray {
    /// Reads a numeric CSV file into a 2-D array of shape (rows, columns).
    ///
    /// - Parameters:
    ///   - path: the CSV file to read.
    ///   - delimiter: the field separator, one ASCII character (`","`, `";"`, `"\t"`, ...).
    ///   - skipHeader: the number of lines at the top to skip (a header row, say).
    ///   - columns: the columns to keep, 0-based, negative counting from the end, in the order
    ///     given; `nil` keeps all.
    ///   - dtype: `.float64` (default) or `.float32`.
    ///   - missing: what an empty field, `NA`, `N/A` or `nan` becomes; see ``MissingValuePolicy``.
    ///
    /// Blank lines and lines starting with `#` are skipped, `\r\n` line ends and a UTF-8 byte-order
    /// mark are accepted, spaces around a field are removed. Quoted fields follow RFC 4180: the
    /// delimiter and line breaks inside quotes belong to the field (`"1,000"` is one field, and
    /// not a number) and `""` is a quote. Every record must have as many fields as the first; a
    /// ragged record, a field that is not a number, a quote that never closes, or a column that
    /// does not exist throws a ``LazyArrayError`` naming the file, the line and the column.
    ///
    /// NumPy equivalent: `np.genfromtxt(path, delimiter=",", skip_header=n, usecols=columns,
    /// dtype=np.float64, ndmin=2)`, or `np.loadtxt(...)` with `missing: .error`.
    ///
    /// ```swift
    /// let table = try NDArray.loadCSV("readings.csv", skipHeader: 1, columns: [1, 2])
    /// ```
    public static func loadCSV(_ path: String, delimiter: Character = ",", skipHeader: Int = 0, columns: [Int]? = nil,
                               dtype: DType = .float64, missing: MissingValuePolicy = .nan) throws -> NDArray {
        let context = IOContext(operation: "loadCSV", source: path)
        switch dtype {
        case .float64:
            let table = try CSVFormat.parse(context.readFile(), as: Double.self, delimiter: delimiter, skipHeader: skipHeader,
                                            columns: columns, missing: missing, context: context)
            return NDArray(table.values, shape: [table.rows, table.columns])
        case .float32:
            let table = try CSVFormat.parse(context.readFile(), as: Float.self, delimiter: delimiter, skipHeader: skipHeader,
                                            columns: columns, missing: missing, context: context)
            return NDArray(table.values, shape: [table.rows, table.columns])
        default:
            throw context.error("dtype \(dtype) is not supported; CSV files load as float64 or float32 (convert with astype)")
        }
    }
}
