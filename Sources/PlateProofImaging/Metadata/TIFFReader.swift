/// A bounds-checked reader of TIFF image file directories, as EXIF uses them.
struct TIFFReader {
    struct Entry {
        var tag: Int
        var type: Int
        var count: Int
        /// Offset of the 4-byte value field inside the payload.
        var valueFieldOffset: Int
    }

    private let bytes: [UInt8]
    private let bigEndian: Bool
    let firstDirectoryOffset: Int

    /// Directories longer than this are treated as damage.
    private static let maxEntries = 512

    init?(_ bytes: [UInt8]) {
        guard bytes.count >= 8 else { return nil }
        switch (bytes[0], bytes[1]) {
        case (0x49, 0x49): bigEndian = false
        case (0x4D, 0x4D): bigEndian = true
        default: return nil
        }
        self.bytes = bytes
        guard Self.read16(bytes, at: 2, bigEndian: bigEndian) == 42,
            let offset = Self.read32(bytes, at: 4, bigEndian: bigEndian)
        else { return nil }
        firstDirectoryOffset = offset
    }

    func entries(ofDirectoryAt offset: Int) -> [Entry] {
        guard let count = u16(at: offset), count <= Self.maxEntries else { return [] }
        var entries: [Entry] = []
        for index in 0..<count {
            let at = offset + 2 + index * 12
            guard let tag = u16(at: at), let type = u16(at: at + 2), let count = u32(at: at + 4),
                at + 12 <= bytes.count
            else { break }
            entries.append(Entry(tag: tag, type: type, count: count, valueFieldOffset: at + 8))
        }
        return entries
    }

    /// The first value of a SHORT or LONG entry.
    func integer(_ entry: Entry) -> Int? {
        guard entry.count >= 1 else { return nil }
        switch entry.type {
        case 3: return u16(at: entry.valueFieldOffset)
        case 4: return u32(at: entry.valueFieldOffset)
        default: return nil
        }
    }

    /// The text of an ASCII entry, without its terminating NUL.
    func ascii(_ entry: Entry) -> String? {
        guard entry.type == 2, entry.count > 0, entry.count < 256 else { return nil }
        let start = entry.count <= 4 ? entry.valueFieldOffset : u32(at: entry.valueFieldOffset)
        guard let start, start >= 0, start + entry.count <= bytes.count else { return nil }
        let text = bytes[start..<(start + entry.count)].prefix { $0 != 0 }
        return String(decoding: text, as: UTF8.self)
    }

    private func u16(at offset: Int) -> Int? { Self.read16(bytes, at: offset, bigEndian: bigEndian) }
    private func u32(at offset: Int) -> Int? { Self.read32(bytes, at: offset, bigEndian: bigEndian) }

    private static func read16(_ bytes: [UInt8], at offset: Int, bigEndian: Bool) -> Int? {
        guard offset >= 0, offset + 2 <= bytes.count else { return nil }
        let a = Int(bytes[offset]), b = Int(bytes[offset + 1])
        return bigEndian ? a << 8 | b : b << 8 | a
    }

    private static func read32(_ bytes: [UInt8], at offset: Int, bigEndian: Bool) -> Int? {
        guard offset >= 0, offset + 4 <= bytes.count else { return nil }
        let b = (0..<4).map { Int(bytes[offset + $0]) }
        return bigEndian ? b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3] : b[3] << 24 | b[2] << 16 | b[1] << 8 | b[0]
    }
}
