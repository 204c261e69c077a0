/// Median and spread of repeated throughput measurements.
struct Statistics {
    let samples: [Double]

    var sorted: [Double] { samples.sorted() }
    var median: Double {
        let values = sorted
        guard !values.isEmpty else { return 0 }
        let middle = values.count / 2
        return values.count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2
    }
    var minimum: Double { sorted.first ?? 0 }
    var maximum: Double { sorted.last ?? 0 }

    /// `median  [min … max]  (±spread% of the median)` with thousands separators.
    var summary: String {
        let spread = median > 0 ? (maximum - minimum) / 2 / median * 100 : 0
        return "\(Self.format(median)) ev/s  [\(Self.format(minimum)) … \(Self.format(maximum))]  ±\(Int(spread.rounded()))%"
    }

    static func format(_ value: Double) -> String {
        let digits = String(Int(value.rounded()))
        var result = ""
        for (index, character) in digits.reversed().enumerated() {
            if index > 0 && index % 3 == 0 { result.append(",") }
            result.append(character)
        }
        return String(result.reversed())
    }
}
