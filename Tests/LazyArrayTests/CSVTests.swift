import Foundation
import Testing
@testable import LazyArray

@Suite(.timeLimit(.minutes(10))) struct CSVTests {
    func parse(_ text: String, delimiter: Character = ",", skipHeader: Int = 0, columns: [Int]? = nil,
               missing: MissingValuePolicy = .nan) throws -> CSVTable<Double> {
        try CSVFormat.parse(Array(text.utf8), as: Double.self, delimiter: delimiter, skipHeader: skipHeader,
                            columns: columns, missing: missing, context: IOContext(operation: "loadCSV", source: "t.csv"))
    }

    /// Equal element by element, NaN matching NaN.
    func same(_ a: [Double], _ b: [Double]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }
    }

    @Test func readsFixtureWithHeaderCommentsBlankLinesAndMissingValues() throws {
        // Line 1 is a comment, line 2 the header; fields are empty, `NaN`, `NA` and quoted.
        let table = try NDArray.loadCSV(IOFixtures.path("table.csv"), skipHeader: 2)
        #expect(table.shape == [4, 4] && table.dtype == .float64)
        #expect(same(table.toArray(Double.self), [0, 20.5, 0.25, 1, 1, 21, .nan, 0, 2, .nan, 0.5, 1, 3, -150, .nan, 1]))
        let picked = try NDArray.loadCSV(IOFixtures.path("table.csv"), skipHeader: 2, columns: [-1, 1], dtype: .float32,
                                         missing: .fill(-1))
        #expect(picked.shape == [4, 2] && picked.dtype == .float32)
        #expect(picked.toArray(Float.self) == [1, 20.5, 0, 21, 1, -1, 1, -150])
    }

    @Test func selectsColumnsIncludingNegative() throws {
        let table = try parse("1,2,3\n4,5,6\n", columns: [2, 0, -2])
        #expect(table.rows == 2 && table.columns == 3)
        #expect(table.values == [3, 1, 2, 6, 4, 5])
    }

    @Test func missingValuePolicies() throws {
        #expect(try parse("1,,3\n", missing: .fill(-1)).values == [1, -1, 3])
        #expect(try parse("NA;2\n", delimiter: ";", missing: .fill(0)).values == [0, 2])
        let error = #expect(throws: LazyArrayError.self) { try parse("x,y\n1,2\n3, \n", skipHeader: 1, missing: .error) }
        #expect(error?.description == "[loadCSV] t.csv: line 3, column 2: missing value (missing: .error)")
        #expect(try parse("inf\t-2.5e-3\n", delimiter: "\t", missing: .error).values == [.infinity, -0.0025])
    }

    @Test func readsFloat32ExactlyAndEmptyInput() throws {
        let table = try CSVFormat.parse(Array("0.1,2\n".utf8), as: Float.self, delimiter: ",", skipHeader: 0,
                                        columns: nil, missing: .nan, context: IOContext(operation: "loadCSV", source: "t.csv"))
        #expect(table.values == [Float(0.1), 2])
        let empty = try parse("# nothing\n\n")
        #expect(empty.rows == 0 && empty.columns == 0 && empty.values.isEmpty)
        #expect(try parse("", columns: [0, 1]).columns == 2)
    }

    @Test func rejectsBadInputWithLineNumbers() {
        let cases: [(String, [Int]?, String)] = [
            ("1,2\n3,4\n5\n", nil, "line 3 has 1 fields, but line 1 has 2"),
            ("a,b\n1,2x\n", nil, "line 1, column 1: 'a' is not a number"),
            ("1,2\n", [2], "column 2 does not exist: line 1 has 2 fields"),
            ("1,2\n", [], "columns must not be empty"),
        ]
        for (text, columns, message) in cases {
            let error = #expect(throws: LazyArrayError.self) { try parse(text, columns: columns) }
            #expect(error?.reason == "t.csv: " + message)
        }
        #expect(throws: LazyArrayError.self) { try parse("1\n", delimiter: "\n") }
    }

    /// RFC 4180: a quoted field holds delimiters, doubled quotes and line breaks.
    @Test func quotedFieldsPerRFC4180() throws {
        let table = try parse("\"1\",\" 2.5 \",3\n\"4\",\"\",\"6\"\r\n")
        #expect(table.rows == 2 && table.columns == 3)
        #expect(same(table.values, [1, 2.5, 3, 4, .nan, 6]))
        // The delimiter inside quotes does not split the field: "1,000" is one field, not a number.
        let thousands = #expect(throws: LazyArrayError.self) { try parse("x,y\n1,2\n3,\"1,000\"\n", skipHeader: 1) }
        #expect(thousands?.reason == "t.csv: line 3, column 2: '1,000' is not a number")
        // A doubled quote is one quote in the field's text.
        let doubled = #expect(throws: LazyArrayError.self) { try parse("1,\"2\"\"\"\n") }
        #expect(doubled?.reason == "t.csv: line 1, column 2: '2\"' is not a number")
        // A line break inside quotes continues the record; later lines keep their physical numbers.
        let multiline = try parse("\"1\n\",2\n3,4\n")
        #expect(multiline.rows == 2 && multiline.values == [1, 2, 3, 4])
        let after = #expect(throws: LazyArrayError.self) { try parse("\"1\n\n\",2\n3,x\n") }
        #expect(after?.reason == "t.csv: line 4, column 2: 'x' is not a number")
    }

    @Test func rejectsBadQuotingWithLineAndColumn() {
        let cases: [(String, String)] = [
            ("1,2\n3,\"4\n5,6\n", "line 2, column 2: the quoted field opened here never closes"),
            ("1,\"2\"x\n", "line 1, column 2: text after the closing quote of a quoted field"),
            ("1,2\n3,\"4\n\"5\n", "line 3, column 2: text after the closing quote of a quoted field"),
            ("1,2\n3,4,\"5\"\n", "line 2 has 3 fields, but line 1 has 2"),
        ]
        for (text, message) in cases {
            let error = #expect(throws: LazyArrayError.self) { try parse(text) }
            #expect(error?.reason == "t.csv: " + message, "\(text)")
        }
    }

    @Test func rejectsNonFloatDtypeAndMissingFile() {
        let path = IOFixtures.path("table.csv")
        let dtype = #expect(throws: LazyArrayError.self) { try NDArray.loadCSV(path, dtype: .int64) }
        #expect(dtype?.reason.hasPrefix("\(path): dtype int64 is not supported") == true)
        let missing = #expect(throws: LazyArrayError.self) { try NDArray.loadCSV("/nonexistent.csv") }
        #expect(missing?.description == "[loadCSV] /nonexistent.csv: no such file")
    }
}
