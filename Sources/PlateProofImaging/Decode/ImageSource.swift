#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where an encoded image comes from.
public enum ImageSource: Sendable {
    /// Bytes already in memory (an upload body).
    case bytes([UInt8])
    /// A file, read in small chunks while decoding so it is never held whole.
    case file(path: String)
}

/// How large the decoded rows should be.
public enum DecodeScale: Sendable, Equatable {
    /// Every stored pixel.
    case full
    /// For JPEG, the smallest DCT scale (1/2, 1/4, 1/8) whose long side still reaches `longSide`.
    case atLeast(longSide: Int)
    /// For JPEG, exactly 1/`denominator` (1, 2, 4 or 8).
    case denominator(Int)

    /// The JPEG DCT scale denominator for an image of this size.
    func denominator(width: Int, height: Int) -> Int {
        switch self {
        case .full:
            return 1
        case .denominator(let denominator):
            return [1, 2, 4, 8].contains(denominator) ? denominator : 1
        case .atLeast(let minimum):
            let longSide = max(width, height)
            return [8, 4, 2].first { (longSide + $0 - 1) / $0 >= minimum } ?? 1
        }
    }
}

/// An open file descriptor, closed when the value goes away.
struct OpenFile: ~Copyable {
    let descriptor: Int32
    let size: Int

    /// Opens a regular file for reading. Throws `unreadable` when it cannot.
    init(path: String) throws(ImagingError) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw ImagingError(.unreadable, "cannot open \(path): \(Self.errnoText())") }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
            close(descriptor)
            throw ImagingError(.unreadable, "\(path) is not a readable regular file")
        }
        self.descriptor = descriptor
        self.size = Int(status.st_size)
    }

    deinit { close(descriptor) }

    private static func errnoText() -> String { String(cString: strerror(errno)) }
}
