/// One channel of an image as `Float`s, row-major: the working format of the pixel kernels.
public struct Plane: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public var values: [Float]

    public init(width: Int, height: Int, values: [Float]) {
        precondition(values.count == width * height, "value count does not match the size")
        self.width = width
        self.height = height
        self.values = values
    }

    public init(width: Int, height: Int, repeating value: Float = 0) {
        self.init(width: width, height: height, values: Array(repeating: value, count: width * height))
    }

    @inlinable
    public subscript(x: Int, y: Int) -> Float {
        get { values[y * width + x] }
        set { values[y * width + x] = newValue }
    }
}

/// An image split into lightness and two opponent-colour axes, each on a 0-255-like scale.
///
/// `lightness` is Rec. 601 luma; `redGreen` is R - G; `yellowBlue` is (R + G) / 2 - B. Opponent axes
/// separate "how light" from "what colour" cheaply, which is what the plate and residue rules ask.
public struct ColorPlanes: Sendable, Equatable {
    public var lightness: Plane
    public var redGreen: Plane
    public var yellowBlue: Plane

    public var width: Int { lightness.width }
    public var height: Int { lightness.height }

    /// Chroma (distance from grey) at pixel index `index`.
    @inlinable
    public func chroma(at index: Int) -> Float {
        let a = redGreen.values[index], b = yellowBlue.values[index]
        return (a * a + b * b).squareRoot()
    }
}
