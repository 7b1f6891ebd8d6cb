#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Unbuffered-enough line output to standard output or standard error.
struct FileHandleOutput {
    static let standardOutput = FileHandleOutput(descriptor: 1)
    static let standardError = FileHandleOutput(descriptor: 2)

    let descriptor: Int32

    func write(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let wrote = systemWrite(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if wrote <= 0 { return }
                offset += wrote
            }
        }
    }

    /// Whether the output is a terminal (progress bars and colours only make sense there).
    var isTerminal: Bool { isatty(descriptor) == 1 }

    private func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
        Glibc.write(descriptor, buffer, count)
        #else
        Darwin.write(descriptor, buffer, count)
        #endif
    }
}
