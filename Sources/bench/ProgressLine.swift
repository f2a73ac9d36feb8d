import Foundation

/// The "what is running now" line on stderr.
///
/// On a terminal it is one line rewritten in place and cleared before each table row; when
/// stderr is a file or pipe, each step is one plain line, so logs still show where a run hung.
enum ProgressLine {
    private static let isTerminal = isatty(STDERR_FILENO) == 1

    /// Replaces the progress line with `text`.
    static func show(_ text: String) {
        write(isTerminal ? "\r\u{1B}[K" + text : text + "\n")
    }

    /// Removes the progress line so that stdout output starts on a clean line.
    static func clear() {
        if isTerminal { write("\r\u{1B}[K") }
    }

    /// Unbuffered, so the line shows at once.
    private static func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
