#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads image files from disk, refusing files over the size limit before reading them.
public enum ImageFile {
    /// The bytes of the file at `path`.
    /// - Throws: `too_large` when the file is bigger than `maxBytes`, `unreadable` when it cannot be read.
    public static func read(path: String, maxBytes: Int) throws(ImagingError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw ImagingError(.unreadable, "cannot open \(path): \(errnoText())") }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw ImagingError(.unreadable, "cannot stat \(path): \(errnoText())")
        }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            throw ImagingError(.unreadable, "\(path) is not a regular file")
        }
        let size = Int(status.st_size)
        if size > maxBytes { throw ImagingError(.tooLarge, "file is \(size) bytes; the limit is \(maxBytes)") }

        var bytes = [UInt8](repeating: 0, count: size)
        var filled = 0
        let failure: Int32? = bytes.withUnsafeMutableBytes { raw in
            while filled < size {
                let got = systemRead(descriptor, raw.baseAddress! + filled, size - filled)
                if got < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                if got == 0 { break }
                filled += got
            }
            return nil
        }
        if let failure { throw ImagingError(.unreadable, "cannot read \(path): \(String(cString: strerror(failure)))") }
        if filled < size { bytes.removeLast(size - filled) }
        return bytes
    }

    private static func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
        Glibc.read(descriptor, buffer, count)
        #else
        Darwin.read(descriptor, buffer, count)
        #endif
    }

    private static func errnoText() -> String { String(cString: strerror(errno)) }
}
