/// A stored element type sorted through an unsigned key whose integer order is NumPy's sort
/// order: `-inf < ... < -0.0 == 0.0 < ... < inf < NaN`, every NaN equal to every other (NumPy's
/// `a < b || (b != b && a == a)`), integers and bools as numbers.
///
/// Floats: the bits of a negative value all flipped, a positive one's sign bit set, so the
/// unsigned order of the keys is the numeric order; -0.0 takes 0.0's key and every NaN the
/// largest key, so that a stable sort keeps them in input order as NumPy's does. Those two
/// keys are the only ones that lose bits (`isExact`): the sort puts the original elements back
/// into their blocks afterwards (`ArraySort`).
protocol SortKey {
    associatedtype Key: FixedWidthInteger & UnsignedInteger
    /// How many low bits of a key can differ (8 for bool: its key is 0 or 1).
    static var keyBits: Int { get }
    static func key(_ value: Self) -> Key
    /// The element of a key: exact, except 0.0 for -0.0's key and one NaN for every NaN's.
    static func value(_ key: Key) -> Self
    /// Whether `value(key(element))` has the element's bits.
    static func isExact(_ element: Self) -> Bool
    /// The keys that stand for several elements (0.0 and NaN), or none.
    static var sharedKeys: [Key] { get }
}

/// Integers: every key is exact, and a key has the type's width.
extension SortKey where Self: FixedWidthInteger {
    static var keyBits: Int { Self.bitWidth }
    @inline(__always) static func isExact(_ element: Self) -> Bool { true }
    static var sharedKeys: [Key] { [] }
}

extension Float: SortKey {
    static var keyBits: Int { 32 }
    @inline(__always) static func key(_ value: Float) -> UInt32 {
        let bits = value.bitPattern
        let flip = UInt32(bitPattern: Int32(bitPattern: bits) >> 31) | 0x8000_0000
        let key = value == 0 ? 0x8000_0000 : bits ^ flip
        return value.isNaN ? .max : key
    }
    @inline(__always) static func value(_ key: UInt32) -> Float {
        if key == .max { return .nan }
        return Float(bitPattern: key & 0x8000_0000 != 0 ? key & 0x7FFF_FFFF : ~key)
    }
    @inline(__always) static func isExact(_ element: Float) -> Bool {
        element.isNaN ? element.bitPattern == Float.nan.bitPattern : !(element == 0 && element.sign == .minus)
    }
    static var sharedKeys: [UInt32] { [key(0), .max] }
}

extension Double: SortKey {
    static var keyBits: Int { 64 }
    @inline(__always) static func key(_ value: Double) -> UInt64 {
        let bits = value.bitPattern
        let flip = UInt64(bitPattern: Int64(bitPattern: bits) >> 63) | 0x8000_0000_0000_0000
        let key = value == 0 ? 0x8000_0000_0000_0000 : bits ^ flip
        return value.isNaN ? .max : key
    }
    @inline(__always) static func value(_ key: UInt64) -> Double {
        if key == .max { return .nan }
        return Double(bitPattern: key & 0x8000_0000_0000_0000 != 0 ? key & 0x7FFF_FFFF_FFFF_FFFF : ~key)
    }
    @inline(__always) static func isExact(_ element: Double) -> Bool {
        element.isNaN ? element.bitPattern == Double.nan.bitPattern : !(element == 0 && element.sign == .minus)
    }
    static var sharedKeys: [UInt64] { [key(0), .max] }
}

extension Int8: SortKey {
    @inline(__always) static func key(_ value: Int8) -> UInt32 { UInt32(UInt8(bitPattern: value) ^ 0x80) }
    @inline(__always) static func value(_ key: UInt32) -> Int8 { Int8(bitPattern: UInt8(truncatingIfNeeded: key) ^ 0x80) }
}

extension Int16: SortKey {
    @inline(__always) static func key(_ value: Int16) -> UInt32 { UInt32(UInt16(bitPattern: value) ^ 0x8000) }
    @inline(__always) static func value(_ key: UInt32) -> Int16 { Int16(bitPattern: UInt16(truncatingIfNeeded: key) ^ 0x8000) }
}

extension Int32: SortKey {
    @inline(__always) static func key(_ value: Int32) -> UInt32 { UInt32(bitPattern: value) ^ 0x8000_0000 }
    @inline(__always) static func value(_ key: UInt32) -> Int32 { Int32(bitPattern: key ^ 0x8000_0000) }
}

extension Int64: SortKey {
    @inline(__always) static func key(_ value: Int64) -> UInt64 { UInt64(bitPattern: value) ^ 0x8000_0000_0000_0000 }
    @inline(__always) static func value(_ key: UInt64) -> Int64 { Int64(bitPattern: key ^ 0x8000_0000_0000_0000) }
}

// Unsigned integers: the key is the value.
extension UInt8: SortKey {
    @inline(__always) static func key(_ value: UInt8) -> UInt32 { UInt32(value) }
    @inline(__always) static func value(_ key: UInt32) -> UInt8 { UInt8(truncatingIfNeeded: key) }
}

extension UInt16: SortKey {
    @inline(__always) static func key(_ value: UInt16) -> UInt32 { UInt32(value) }
    @inline(__always) static func value(_ key: UInt32) -> UInt16 { UInt16(truncatingIfNeeded: key) }
}

extension UInt32: SortKey {
    @inline(__always) static func key(_ value: UInt32) -> UInt32 { value }
    @inline(__always) static func value(_ key: UInt32) -> UInt32 { key }
}

extension UInt64: SortKey {
    @inline(__always) static func key(_ value: UInt64) -> UInt64 { value }
    @inline(__always) static func value(_ key: UInt64) -> UInt64 { key }
}

/// bool's storage: one byte, 0 or 1.
extension BoolByte: SortKey {
    static var keyBits: Int { 8 }
    @inline(__always) static func key(_ value: BoolByte) -> UInt32 { UInt32(value.rawValue) }
    @inline(__always) static func value(_ key: UInt32) -> BoolByte { BoolByte(rawValue: UInt8(truncatingIfNeeded: key)) }
    @inline(__always) static func isExact(_ element: BoolByte) -> Bool { true }
    static var sharedKeys: [UInt32] { [] }
}

/// What a radix sort moves: something with an unsigned key whose bits it reads a digit at a
/// time. `Comparable` orders by key, then by position for the items that carry one, so any
/// comparison sort of them gives the stable order.
protocol RadixItem: Comparable {
    /// The key shifted right by `shift` (the caller masks the digit).
    func key(shiftedBy shift: Int) -> UInt
}

/// The items of one sort: built from an element and its position in the row, written out as
/// the sorted element (`sort`) or the position (`argsort`).
protocol SortItem: RadixItem {
    associatedtype Element: SortKey
    init(_ element: Element, position: Int)
    /// Writes the result for this item at element `offset` of `output`.
    func write(to output: UnsafeMutableRawPointer, at offset: Int)
    /// Whether the items are the elements themselves, whose shared keys (`SortKey.sharedKeys`)
    /// must get their original bits back.
    static var restoresElements: Bool { get }
}

/// An element sorted by its key alone (`sort`): equal keys are interchangeable after the
/// shared keys' elements are restored, so the order among them is not the items' concern.
struct SortedElement<Element: SortKey>: SortItem {
    var key: Element.Key
    @inline(__always) init(_ element: Element, position: Int) { key = Element.key(element) }
    @inline(__always) func key(shiftedBy shift: Int) -> UInt { UInt(truncatingIfNeeded: key &>> Element.Key(shift)) }
    @inline(__always) func write(to output: UnsafeMutableRawPointer, at offset: Int) {
        output.assumingMemoryBound(to: Element.self)[offset] = Element.value(key)
    }
    static var restoresElements: Bool { true }
    @inline(__always) static func < (a: Self, b: Self) -> Bool { a.key < b.key }
}

/// A key of at most 32 bits and a position below 2^32 in one 64-bit word (`argsort` of the
/// 4-byte and 1-byte dtypes): half the memory traffic of a key and a 64-bit position.
struct PackedPosition<Element: SortKey>: SortItem {
    var bits: UInt64
    @inline(__always) init(_ element: Element, position: Int) {
        bits = UInt64(truncatingIfNeeded: Element.key(element)) &<< 32 | UInt64(truncatingIfNeeded: position)
    }
    @inline(__always) func key(shiftedBy shift: Int) -> UInt { UInt(truncatingIfNeeded: bits &>> UInt64(32 + shift)) }
    @inline(__always) func write(to output: UnsafeMutableRawPointer, at offset: Int) {
        output.assumingMemoryBound(to: Int64.self)[offset] = Int64(bits & 0xFFFF_FFFF)
    }
    static var restoresElements: Bool { false }
    @inline(__always) static func < (a: Self, b: Self) -> Bool { a.bits < b.bits }
}

/// A key and a 64-bit position (`argsort` of the 8-byte dtypes, or of a row of 2^32 or more).
struct WidePosition<Element: SortKey>: SortItem {
    var key: UInt64
    var position: Int64
    @inline(__always) init(_ element: Element, position: Int) {
        key = UInt64(truncatingIfNeeded: Element.key(element))
        self.position = Int64(position)
    }
    @inline(__always) func key(shiftedBy shift: Int) -> UInt { UInt(truncatingIfNeeded: key &>> UInt64(shift)) }
    @inline(__always) func write(to output: UnsafeMutableRawPointer, at offset: Int) {
        output.assumingMemoryBound(to: Int64.self)[offset] = position
    }
    static var restoresElements: Bool { false }
    @inline(__always) static func < (a: Self, b: Self) -> Bool { a.key < b.key || a.key == b.key && a.position < b.position }
}

/// float16 and bfloat16 by the float rule on their 16 bits.
extension SortKey where Self: HalfPrecisionElement {
    static var keyBits: Int { 16 }
    @inline(__always) static func key(_ value: Self) -> UInt32 {
        let bits = UInt32(value.bits)
        if value.floatValue.isNaN { return 0xFFFF }
        if value.floatValue == 0 { return 0x8000 }
        return bits & 0x8000 != 0 ? ~bits & 0xFFFF : bits | 0x8000
    }
    @inline(__always) static func value(_ key: UInt32) -> Self {
        if key == 0xFFFF { return Self(castingDouble: .nan) }
        return Self(bits: UInt16(truncatingIfNeeded: key & 0x8000 != 0 ? key & 0x7FFF : ~key & 0xFFFF))
    }
    @inline(__always) static func isExact(_ element: Self) -> Bool {
        element.floatValue.isNaN ? element.bits == Self(castingDouble: .nan).bits : !(element.floatValue == 0 && element.bits & 0x8000 != 0)
    }
    static var sharedKeys: [UInt32] { [0x8000, 0xFFFF] }
}

extension Float16Element: SortKey {}
extension BFloat16Element: SortKey {}
