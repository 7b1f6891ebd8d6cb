extension PixelBuffer {
    /// This image turned upright according to an EXIF orientation.
    public func oriented(_ orientation: Orientation) -> PixelBuffer {
        if orientation == .up { return self }
        let outWidth = orientation.swapsAxes ? height : width
        let outHeight = orientation.swapsAxes ? width : height
        var out = [UInt8](repeating: 0, count: bytes.count)
        if out.isEmpty { return PixelBuffer(width: outWidth, height: outHeight, bytes: out) }
        bytes.withUnsafeBufferPointer { source in
            out.withUnsafeMutableBufferPointer { target in
                let source = UnsafeRawPointer(source.baseAddress!)
                let target = UnsafeMutableRawPointer(target.baseAddress!)
                for y in 0..<outHeight {
                    for x in 0..<outWidth {
                        let from = orientation.sourcePoint(x: x, y: y, width: width, height: height)
                        let pixel = source.loadUnaligned(
                            fromByteOffset: (from.y * width + from.x) * 4,
                            as: UInt32.self
                        )
                        target.storeBytes(of: pixel, toByteOffset: (y * outWidth + x) * 4, as: UInt32.self)
                    }
                }
            }
        }
        return PixelBuffer(width: outWidth, height: outHeight, bytes: out)
    }
}
