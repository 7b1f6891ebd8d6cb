/// Builds small TIFF/EXIF payloads for fixtures and parser tests.
enum ExifBuilder {
    /// IFD0 with an Orientation entry and, optionally, an EXIF sub-IFD holding DateTimeOriginal.
    static func tiff(orientation: Int?, dateTimeOriginal: String? = nil, bigEndian: Bool = true) -> [UInt8] {
        var out: [UInt8] = bigEndian ? [0x4D, 0x4D, 0, 42, 0, 0, 0, 8] : [0x49, 0x49, 42, 0, 8, 0, 0, 0]
        func u16(_ value: Int) -> [UInt8] {
            bigEndian ? [UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)] : [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF)]
        }
        func u32(_ value: Int) -> [UInt8] {
            let bytes = [UInt8(value >> 24 & 0xFF), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
            return bigEndian ? bytes : bytes.reversed()
        }
        var entries: [[UInt8]] = []
        if let orientation {
            entries.append(u16(0x0112) + u16(3) + u32(1) + u16(orientation) + [0, 0])
        }
        let ifd0Size = 2 + (entries.count + (dateTimeOriginal == nil ? 0 : 1)) * 12 + 4
        let exifIFDOffset = 8 + ifd0Size
        if dateTimeOriginal != nil {
            entries.append(u16(0x8769) + u16(4) + u32(1) + u32(exifIFDOffset))
        }
        out += u16(entries.count) + entries.flatMap { $0 } + u32(0)
        if let dateTimeOriginal {
            let text = Array(dateTimeOriginal.utf8) + [0]
            let textOffset = exifIFDOffset + 2 + 12 + 4
            out += u16(1) + u16(0x9003) + u16(2) + u32(text.count) + u32(textOffset) + u32(0)
            out += text
        }
        return out
    }

    /// A JPEG APP1 payload: "Exif\0\0" and the TIFF structure.
    static func app1(orientation: Int?, dateTimeOriginal: String? = nil) -> [UInt8] {
        Array("Exif".utf8) + [0, 0] + tiff(orientation: orientation, dateTimeOriginal: dateTimeOriginal)
    }
}
