/// A one-line progress bar for a terminal (redrawn with a carriage return):
/// `[##########----------]  52%  520000/1000000 receipts`.
enum ProgressBar {
    static let width = 30

    static func line(done: UInt64, total: UInt64, what: String) -> String {
        let fraction = total == 0 ? 1.0 : min(1.0, Double(done) / Double(total))
        let filled = Int(fraction * Double(width))
        let percent = Int(fraction * 100)
        let pad = percent < 10 ? "  " : percent < 100 ? " " : ""
        return "\r[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
            + "] \(pad)\(percent)%  \(done)/\(total) \(what)"
    }
}
