#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension PixelBuffer {
    /// Peak signal-to-noise ratio of this image against `reference` over R, G and B, in decibels
    /// (infinity when identical). Both must have the same size.
    public func psnr(against reference: PixelBuffer) -> Double {
        precondition(width == reference.width && height == reference.height, "PSNR needs images of one size")
        var squared = 0
        for index in bytes.indices where index & 3 != 3 {
            let difference = Int(bytes[index]) - Int(reference.bytes[index])
            squared += difference * difference
        }
        guard squared > 0 else { return .infinity }
        let meanSquared = Double(squared) / Double(width * height * 3)
        return 10 * log10(255 * 255 / meanSquared)
    }

    /// This image shrunk to `width` x `height` by exact area averaging.
    public func areaAveraged(width: Int, height: Int) -> PixelBuffer {
        var scaler = AreaDownscaler(inputWidth: self.width, inputHeight: self.height, outputWidth: width, outputHeight: height)
        var out: [UInt8] = []
        out.reserveCapacity(width * height * 4)
        let rowBytes = rowBytes
        bytes.withUnsafeBytes { raw in
            for y in 0..<self.height {
                scaler.push(row: UnsafeRawBufferPointer(rebasing: raw[(y * rowBytes)..<((y + 1) * rowBytes)])) { out += $0 }
            }
        }
        return PixelBuffer(width: width, height: height, bytes: out)
    }
}
