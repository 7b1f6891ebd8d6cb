import PlateProofImaging

/// Small limits keep each input fast; the limit check itself is part of what is fuzzed.
let decoder = ImageDecoder(configuration: .init(limits: DecodeLimits(maxPixels: 4_000_000, maxSide: 4096)))

/// libFuzzer entry: every input must decode or fail with an ImagingError, never crash or leak.
@_cdecl("LLVMFuzzerTestOneInput")
public func decodeFuzzInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    if let image = try? decoder.decode(.bytes(bytes), scale: .atLeast(longSide: 64)) {
        precondition(image.pixels.bytes.count == image.pixels.width * image.pixels.height * 4)
    }
    _ = try? decoder.inspect(.bytes(bytes))
    return 0
}
