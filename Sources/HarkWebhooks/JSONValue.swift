import Foundation

/// Reading values out of what `JSONSerialization` returns, without trusting their types.
///
/// `JSONSerialization` gives `[String: Any]`, `[Any]`, `String`, `NSNumber` and `NSNull`; JSON `true`
/// and `false` are `NSNumber`s too, told apart from numbers by their `objCType` (`c`), which holds on
/// Linux and on Apple platforms.
enum JSONValue {
    /// An identifier as found in a payload.
    enum Identifier: Equatable {
        /// Absent, `null` or an empty string.
        case absent
        /// A string, or a number written as its shortest decimal form.
        case value(String)
        /// A boolean, object or array where an id was expected.
        case wrongType
    }

    /// `value` when it is a string, else `nil` (numbers are not turned into text).
    static func string(_ value: Any?) -> String? {
        value as? String
    }

    /// `value` when it is an object.
    static func object(_ value: Any?) -> [String: Any]? {
        value as? [String: Any]
    }

    /// Follows `keys` through nested objects, e.g. `path(root, "issue", "user", "login")`.
    static func path(_ value: Any?, _ keys: String...) -> Any? {
        var current = value
        for key in keys {
            current = object(current)?[key]
        }
        return current
    }

    /// An id: a string as is, an integer in decimal, another number in Swift's shortest form.
    static func identifier(_ value: Any?) -> Identifier {
        guard let value, !(value is NSNull) else { return .absent }
        if let text = value as? String { return text.isEmpty ? .absent : .value(text) }
        guard let number = value as? NSNumber, !isBoolean(number) else { return .wrongType }
        switch String(cString: number.objCType) {
        case "d", "f":
            let double = number.doubleValue
            if double.isFinite, double == double.rounded(), abs(double) < 9_007_199_254_740_992 {
                return .value(String(Int64(double)))
            }
            return .value("\(double)")
        default:
            return .value(number.stringValue)
        }
    }

    /// Whether a `JSONSerialization` number is really a JSON boolean.
    static func isBoolean(_ number: NSNumber) -> Bool {
        String(cString: number.objCType) == "c"
    }
}
