/// An `einsum` subscripts string resolved against its operands' shapes, with NumPy's rules:
/// one term per operand, letters naming axes (a letter repeated within a term takes that
/// term's diagonal), `...` standing for the axes the letters leave over (right-aligned and
/// broadcast across operands), and the output either explicit after `->` or implicit: the
/// broadcast axes, then every letter that occurs exactly once, in alphabetical order (upper
/// case before lower, as NumPy orders them by character code).
///
/// Labels are integers: a letter's character code, and for the axes under an ellipsis -k for
/// the k-th from the end, so the same broadcast axis has the same label in every operand and
/// ascending order puts the broadcast axes first.
struct EinsumSubscripts {
    /// Each operand's label for each of its axes.
    private(set) var inputs: [[Int]] = []
    /// The result's label for each of its axes.
    private(set) var output: [Int] = []
    /// Each label's length: the operands' lengths broadcast (equal, or 1).
    private(set) var sizes: [Int: Int] = [:]

    /// Parses `text` for operands of `shapes`; errors give the reason in NumPy's words, to
    /// which the caller adds the subscripts and shapes.
    init(_ text: String, shapes: [[Int]]) throws(LazyArrayError) {
        let compact = text.filter { $0 != " " }
        let sides = compact.components(separatedBy: "->")
        guard sides.count <= 2 else {
            throw LazyArrayError("einsum", "invalid subscript '-' in einstein sum subscripts string, subscripts must be letters")
        }
        let terms = sides[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard terms.count <= shapes.count else {
            throw LazyArrayError("einsum", "fewer operands provided to einstein sum function than specified in the subscripts string")
        }
        guard terms.count >= shapes.count else {
            throw LazyArrayError("einsum", "more operands provided to einstein sum function than specified in the subscripts string")
        }
        var broadcastRank = 0
        for (operand, term) in terms.enumerated() {
            let (letters, ellipsis) = try Self.labels(term, operand: "operand \(operand)")
            let rank = shapes[operand].count
            guard letters.count <= rank else {
                throw LazyArrayError("einsum", "einstein sum subscripts string contains too many subscripts for operand \(operand)")
            }
            guard let ellipsis else {
                guard letters.count == rank else {
                    throw LazyArrayError("einsum", "operand \(operand) has more dimensions than subscripts given in einstein sum, but no '...' ellipsis provided to broadcast the extra dimensions.")
                }
                inputs.append(letters)
                continue
            }
            let extra = rank - letters.count
            broadcastRank = Swift.max(broadcastRank, extra)
            inputs.append(Array(letters[..<ellipsis]) + (0..<extra).map { $0 - extra } + Array(letters[ellipsis...]))
        }
        try measure(shapes)

        let counts = inputs.joined().reduce(into: [Int: Int]()) { $0[$1, default: 0] += 1 }
        guard sides.count == 2 else {
            output = counts.keys.filter { $0 < 0 || counts[$0] == 1 }.sorted()
            return
        }
        let (letters, ellipsis) = try Self.labels(sides[1], operand: "the output")
        for label in letters {
            guard counts[label] != nil else {
                throw LazyArrayError("einsum", "einstein sum subscripts string included output subscript '\(Self.letter(label))' which never appeared in an input")
            }
            guard letters.filter({ $0 == label }).count == 1 else {
                throw LazyArrayError("einsum", "einstein sum subscripts string includes output subscript '\(Self.letter(label))' multiple times")
            }
        }
        guard let ellipsis else {
            guard broadcastRank == 0 else {
                throw LazyArrayError("einsum", "output has more dimensions than subscripts given in einstein sum, but no '...' ellipsis provided to broadcast the extra dimensions.")
            }
            output = letters
            return
        }
        output = Array(letters[..<ellipsis]) + (0..<broadcastRank).map { $0 - broadcastRank } + Array(letters[ellipsis...])
    }

    /// Each label's length; a label repeated within one operand must have one length there,
    /// and across operands lengths must be equal or 1 (NumPy broadcasts them).
    private mutating func measure(_ shapes: [[Int]]) throws(LazyArrayError) {
        for (operand, labels) in inputs.enumerated() {
            var own: [Int: Int] = [:]
            for (axis, label) in labels.enumerated() {
                let length = shapes[operand][axis]
                if let seen = own[label], seen != length {
                    throw LazyArrayError("einsum", "dimensions in single operand for collapsing index '\(Self.letter(label))' don't match (\(seen) != \(length))")
                }
                own[label] = length
                switch sizes[label] {
                case nil, 1: sizes[label] = length
                case let size? where length != size && length != 1:
                    let name = label < 0 ? "broadcast axis \(label) of '...'" : "'\(Self.letter(label))'"
                    throw LazyArrayError("einsum", "operands could not be broadcast together: \(name) has length \(size) in an earlier operand and \(length) in operand \(operand)")
                default: break
                }
            }
        }
    }

    /// The letters of one term as labels, and the position of its ellipsis among them.
    private static func labels(_ term: String, operand: String) throws(LazyArrayError) -> ([Int], Int?) {
        var letters: [Int] = []
        var ellipsis: Int?
        var characters = Substring(term)
        while let character = characters.first {
            if character == "." {
                guard characters.hasPrefix("...") else {
                    throw LazyArrayError("einsum", "einstein sum subscripts string contains a '.' that is not part of an ellipsis ('...') in \(operand)")
                }
                guard ellipsis == nil else {
                    throw LazyArrayError("einsum", "einstein sum subscripts string contains more than one ellipsis ('...') in \(operand)")
                }
                ellipsis = letters.count
                characters = characters.dropFirst(3)
                continue
            }
            guard character.isASCII, character.isLetter, let code = character.asciiValue else {
                throw LazyArrayError("einsum", "invalid subscript '\(character)' in einstein sum subscripts string, subscripts must be letters")
            }
            letters.append(Int(code))
            characters = characters.dropFirst()
        }
        return (letters, ellipsis)
    }

    private static func letter(_ label: Int) -> String {
        label < 0 ? "..." : String(UnicodeScalar(UInt8(label)))
    }
}
