import HeraldJSON

/// Walks pattern JSON the way AWS's rule compiler does and produces validated branches.
///
/// Branches are built as maps from path to field test: a field later in document order replaces an
/// earlier one with the same path (duplicate keys, `a.b` vs `{"a":{"b"}}`, and fields inside vs
/// outside `$or` all follow that "later key wins" rule). `$or` forks the branches built so far.
struct PatternParser {
    /// Names that may not be field names inside `$or` branches (AWS's reserved words).
    static let reservedInOr: Set<String> = [
        "exactly", "equals-ignore-case", "prefix", "suffix", "anything-but", "exists", "wildcard", "numeric", "cidr",
        "=", "<", "<=", ">", ">=", "regex", "not-wildcard", "not-equals-ignore-case", "date-after", "date-on-or-after",
        "date-before", "date-on-or-before", "in-date-range", "ip-address-in-range", "ip-address-not-in-range",
    ]

    /// A branch under construction: path → field test (later keys replace earlier ones).
    typealias Branch = [ByteString: PatternField]

    /// The guard rails.
    let limits: PatternLimits
    /// Whether `$or` is an operator (false: the legacy reading, where it is a plain field name).
    let honoursOr: Bool

    /// Validates a pattern and returns its branches.
    func parse(_ json: JSONValue) throws(PatternError) -> [PatternBranch] {
        guard case .object(let object) = json else {
            throw PatternError(kind: .invalidStructure, path: "", message: "Filter is not an object")
        }
        var branches: [Branch] = []
        try parseObject(object, path: nil, branches: &branches, insideOr: false)
        return try branches.map { (branch) throws(PatternError) -> PatternBranch in
            guard branch.count <= limits.maximumFieldsPerBranch else {
                throw PatternError(
                    kind: .limitExceeded, path: "",
                    message: "Size of rule exceeds max value of \(limits.maximumFieldsPerBranch) fields")
            }
            return PatternBranch(fields: Array(branch.values))
        }
    }

    private func parseObject(_ object: JSONObject, path: String?, branches: inout [Branch], insideOr: Bool)
        throws(PatternError)
    {
        guard !object.isEmpty else {
            throw PatternError(kind: .invalidStructure, path: path ?? "", message: "Empty objects are not allowed")
        }
        for member in object {
            if honoursOr, member.key == "$or" {
                try parseOr(member.value, path: path, branches: &branches)
                continue
            }
            let fieldPath = path.map { "\($0).\(member.key)" } ?? member.key
            if insideOr, Self.reservedInOr.contains(member.key) {
                throw PatternError(
                    kind: .invalidStructure, path: fieldPath,
                    message: "\(member.key) is a reserved field name which cannot be used inside $or")
            }
            switch member.value {
            case .object(let nested):
                try parseObject(nested, path: fieldPath, branches: &branches, insideOr: insideOr)
            case .array(let elements):
                let matchers = try ValueParser(limits: limits, path: fieldPath).parseValues(elements)
                if branches.isEmpty { branches.append([:]) }
                let field = PatternField(path: fieldPath, matchers: matchers)
                for index in branches.indices {
                    branches[index][ByteString(fieldPath)] = field
                }
            default:
                throw PatternError(
                    kind: .invalidStructure, path: fieldPath, message: "\"\(member.key)\" must be an object or an array")
            }
        }
    }

    private func parseOr(_ value: JSONValue, path: String?, branches: inout [Branch]) throws(PatternError) {
        let orPath = path.map { "\($0).$or" } ?? "$or"
        guard case .array(let elements) = value else {
            throw PatternError(kind: .invalidStructure, path: orPath, message: "It must be an Array followed with $or.")
        }
        let current = branches
        branches = []
        for (index, element) in elements.enumerated() {
            guard case .object(let object) = element else {
                throw PatternError(
                    kind: .invalidStructure, path: "\(orPath)[\(index)]",
                    message: "Only JSON object is allowed in array of $or relationship.")
            }
            var forked = current
            if forked.isEmpty { forked.append([:]) }
            try parseObject(object, path: path, branches: &forked, insideOr: true)
            branches.append(contentsOf: forked)
            guard branches.count <= limits.maximumBranches else {
                throw PatternError(
                    kind: .limitExceeded, path: orPath,
                    message: "The pattern expands to more than \(limits.maximumBranches) $or branches")
            }
        }
        guard elements.count >= 2 else {
            throw PatternError(
                kind: .invalidStructure, path: orPath, message: "There must have at least 2 Objects in $or relationship.")
        }
    }
}
